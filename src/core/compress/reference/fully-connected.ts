/**
 * FULLY_CONNECTED. The int8 loops are tflite-micro `reference_integer_ops::FullyConnected` (per-tensor
 * weights) and `FullyConnectedPerChannel` (tensorflow/lite/kernels/internal/reference/integer_ops/
 * fully_connected.h); the two differ only in where the multiplier comes from (see requantize.ts). The float
 * loop is `reference_ops::FullyConnected`. Weights are [units, depth]; the input is read as
 * [batches, depth] with batches = input elements / depth, as TFLite flattens it.
 */
import type { FullyConnectedOp } from '../../model/graph'
import { multiplyByQuantizedMultiplier } from '../quantize/fixed-point'
import { floatActivationRange } from './conv2d'
import { elementCount, type OpContext } from './op-context'
import { perChannelRequantization, perTensorRequantization, type Requantization } from './requantize'

export interface FullyConnectedGeometry {
  readonly batches: number
  readonly depth: number
  readonly units: number
}

function geometry(context: OpContext): FullyConnectedGeometry {
  const weights = context.input(1)
  context.check(weights.shape.length === 2, 'expects weights of shape [units, depth]')
  const [units = 0, depth = 0] = weights.shape
  const inputCount = elementCount(context.input(0).shape)
  context.check(
    depth > 0 && inputCount % depth === 0,
    `has ${inputCount} inputs, not a multiple of depth ${depth}`,
  )
  const batches = inputCount / depth
  const outputCount = elementCount(context.output().shape)
  context.check(outputCount === batches * units, `has ${outputCount} outputs, expected ${batches * units}`)
  return { batches, depth, units }
}

export interface FullyConnectedInt8 {
  readonly geometry: FullyConnectedGeometry
  readonly requantization: Requantization
  readonly weights: Int8Array
  readonly bias: Int32Array | undefined
}

export function prepareFullyConnectedInt8(context: OpContext, op: FullyConnectedOp): FullyConnectedInt8 {
  const g = geometry(context)
  const weightsTensor = context.input(1)
  const biasTensor = context.optionalInput(2)
  const bias = biasTensor && context.constant(biasTensor, Int32Array)
  context.check(!bias || bias.length === g.units, 'has a bias whose length is not the number of units')
  const input = context.affine(context.input(0))
  const output = context.affine(context.output())
  const perChannel = (weightsTensor.quantization?.scale.length ?? 0) > 1
  const requantization = perChannel
    ? perChannelRequantization(context, input, weightsTensor, output, g.units, 0, op.activation)
    : perTensorRequantization(context, input, weightsTensor, output, g.units, op.activation)
  return { geometry: g, requantization, weights: context.constant(weightsTensor, Int8Array), bias }
}

export function fullyConnectedInt8(p: FullyConnectedInt8, input: Int8Array, output: Int8Array): void {
  const { batches, depth, units } = p.geometry
  const { inputOffset, outputOffset, multipliers, shifts, activationMin, activationMax } = p.requantization
  const { weights, bias } = p
  for (let b = 0; b < batches; b++) {
    for (let unit = 0; unit < units; unit++) {
      let acc = 0
      for (let d = 0; d < depth; d++) {
        acc = (acc + weights[unit * depth + d]! * (input[b * depth + d]! + inputOffset)) | 0
      }
      if (bias) acc = (acc + bias[unit]!) | 0
      acc = multiplyByQuantizedMultiplier(acc, multipliers[unit]!, shifts[unit]!) + outputOffset
      output[b * units + unit] = Math.min(activationMax, Math.max(activationMin, acc))
    }
  }
}

export interface FullyConnectedFloat {
  readonly geometry: FullyConnectedGeometry
  readonly weights: Float32Array
  readonly bias: Float32Array | undefined
  readonly activationMin: number
  readonly activationMax: number
}

export function prepareFullyConnectedFloat(context: OpContext, op: FullyConnectedOp): FullyConnectedFloat {
  const g = geometry(context)
  const biasTensor = context.optionalInput(2)
  const bias = biasTensor && context.constant(biasTensor, Float32Array)
  const weights = context.constant(context.input(1), Float32Array)
  return { geometry: g, weights, bias, ...floatActivationRange(op.activation) }
}

export function fullyConnectedFloat(p: FullyConnectedFloat, input: Float32Array, output: Float32Array): void {
  const { batches, depth, units } = p.geometry
  const { weights, bias, activationMin, activationMax } = p
  for (let b = 0; b < batches; b++) {
    for (let unit = 0; unit < units; unit++) {
      let acc = 0
      for (let d = 0; d < depth; d++)
        acc = Math.fround(acc + Math.fround(weights[unit * depth + d]! * input[b * depth + d]!))
      if (bias) acc = Math.fround(acc + bias[unit]!)
      output[b * units + unit] = Math.min(activationMax, Math.max(activationMin, acc))
    }
  }
}
