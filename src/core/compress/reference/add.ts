/**
 * ADD of two tensors of the same shape. The int8 path is tflite-micro `reference_integer_ops::AddFunc`
 * (tensorflow/lite/kernels/internal/reference/integer_ops/add.h) with the parameters of
 * `CalculateOpDataAdd` (tensorflow/lite/micro/kernels/add_common.cc): both inputs are shifted left by 20
 * bits, scaled to a common scale of twice the larger input scale, summed, and rescaled to the output.
 */
import type { AddOp } from '../../model/graph'
import { multiplyByQuantizedMultiplier } from '../quantize/fixed-point'
import { activationRangeInt8 } from '../quantize/params'
import { quantizeMultiplierSmallerThanOneExp } from '../quantize/quantize-multiplier'
import { floatActivationRange } from './conv2d'
import { elementCount, type OpContext } from './op-context'

export interface AddInt8 {
  readonly size: number
  readonly leftShift: number
  readonly input1Offset: number
  readonly input2Offset: number
  readonly input1Multiplier: number
  readonly input1Shift: number
  readonly input2Multiplier: number
  readonly input2Shift: number
  readonly outputMultiplier: number
  readonly outputShift: number
  readonly outputOffset: number
  readonly activationMin: number
  readonly activationMax: number
}

function checkedSize(context: OpContext): number {
  const shapes = [context.input(0), context.input(1), context.output()].map((t) => t.shape.join(','))
  context.check(
    shapes[0] === shapes[1] && shapes[1] === shapes[2],
    'needs inputs and output of the same shape',
  )
  return elementCount(context.output().shape)
}

export function prepareAddInt8(context: OpContext, op: AddOp): AddInt8 {
  const input1 = context.affine(context.input(0))
  const input2 = context.affine(context.input(1))
  const output = context.affine(context.output())
  context.check(input1.scale > 0 && input2.scale > 0 && output.scale > 0, 'needs positive scales')
  const leftShift = 20
  // Scales are float32 in the model; the C widens each to double before dividing.
  const twiceMaxInputScale = 2 * Math.max(input1.scale, input2.scale)
  const in1 = quantizeMultiplierSmallerThanOneExp(input1.scale / twiceMaxInputScale)
  const in2 = quantizeMultiplierSmallerThanOneExp(input2.scale / twiceMaxInputScale)
  const realOutput = twiceMaxInputScale / (2 ** leftShift * output.scale)
  context.check(realOutput < 1, 'has an output scale too small for the int8 add (multiplier ≥ 1)')
  const out = quantizeMultiplierSmallerThanOneExp(realOutput)
  const range = activationRangeInt8(op.activation, output)
  return {
    size: checkedSize(context),
    leftShift,
    input1Offset: -input1.zeroPoint,
    input2Offset: -input2.zeroPoint,
    input1Multiplier: in1.multiplier,
    input1Shift: in1.shift,
    input2Multiplier: in2.multiplier,
    input2Shift: in2.shift,
    outputMultiplier: out.multiplier,
    outputShift: out.shift,
    outputOffset: output.zeroPoint,
    activationMin: range.min,
    activationMax: range.max,
  }
}

export function addInt8(p: AddInt8, input1: Int8Array, input2: Int8Array, output: Int8Array): void {
  const scale = 1 << p.leftShift
  for (let i = 0; i < p.size; i++) {
    const shifted1 = (p.input1Offset + input1[i]!) * scale
    const shifted2 = (p.input2Offset + input2[i]!) * scale
    const scaled1 = multiplyByQuantizedMultiplier(shifted1, p.input1Multiplier, p.input1Shift)
    const scaled2 = multiplyByQuantizedMultiplier(shifted2, p.input2Multiplier, p.input2Shift)
    const rawSum = (scaled1 + scaled2) | 0
    const rawOutput =
      multiplyByQuantizedMultiplier(rawSum, p.outputMultiplier, p.outputShift) + p.outputOffset
    output[i] = Math.min(p.activationMax, Math.max(p.activationMin, rawOutput))
  }
}

export interface AddFloat {
  readonly size: number
  readonly activationMin: number
  readonly activationMax: number
}

export function prepareAddFloat(context: OpContext, op: AddOp): AddFloat {
  return { size: checkedSize(context), ...floatActivationRange(op.activation) }
}

export function addFloat(
  p: AddFloat,
  input1: Float32Array,
  input2: Float32Array,
  output: Float32Array,
): void {
  for (let i = 0; i < p.size; i++) {
    output[i] = Math.min(p.activationMax, Math.max(p.activationMin, Math.fround(input1[i]! + input2[i]!)))
  }
}
