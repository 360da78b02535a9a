/**
 * The element-wise ops without weights: standalone RELU / RELU6, QUANTIZE (float → int8, int8 → int8
 * requantize) and DEQUANTIZE (int8 → float), as tflite-micro computes them:
 * - RELU int8: `ReluQuantized` with `CalculateReluOpData` (tensorflow/lite/micro/kernels/activations*.cc):
 *   requantize by s_in/s_out, clamp to [zp_out + round(0/s_out), 127].
 * - RELU6 int8: `Relu6Quantized`: clamp to [zp_in, zp_in + round(6/s_in)] with no requantization (TFLM
 *   assumes the output shares the input's quantization, and we check it).
 * - QUANTIZE: `reference_ops::AffineQuantize` from float; `reference_ops::Requantize` between int8 scales
 *   (multiplier QuantizeMultiplier(s_in/s_out), tensorflow/lite/micro/kernels/quantize_common.cc).
 * - DEQUANTIZE: float(double(scale) · (q − zp)).
 */
import type { ActivationOp, QuantizeOp } from '../../model/graph'
import { multiplyByQuantizedMultiplier } from '../quantize/fixed-point'
import { dequantizeValue, INT8_MAX, INT8_MIN, quantizeValue, type AffineParams } from '../quantize/params'
import { quantizeMultiplier, roundHalfAwayFromZero } from '../quantize/quantize-multiplier'
import { elementCount, type OpContext } from './op-context'

/** int8 → int8 requantization followed by a clamp, the common shape of RELU and QUANTIZE(int8). */
export interface RequantizeInt8 {
  readonly size: number
  readonly inputZeroPoint: number
  readonly outputZeroPoint: number
  readonly multiplier: number
  readonly shift: number
  readonly min: number
  readonly max: number
}

function sameSize(context: OpContext): number {
  const size = elementCount(context.input(0).shape)
  context.check(size === elementCount(context.output().shape), 'needs as many outputs as inputs')
  return size
}

function requantization(context: OpContext, input: AffineParams, output: AffineParams, min: number) {
  context.check(input.scale > 0 && output.scale > 0, 'needs positive scales')
  const { multiplier, shift } = quantizeMultiplier(input.scale / output.scale)
  const size = sameSize(context)
  return {
    size,
    inputZeroPoint: input.zeroPoint,
    outputZeroPoint: output.zeroPoint,
    multiplier,
    shift,
    min,
    max: INT8_MAX,
  }
}

export function prepareReluInt8(context: OpContext): RequantizeInt8 {
  const input = context.affine(context.input(0))
  const output = context.affine(context.output())
  const zero = output.zeroPoint + roundHalfAwayFromZero(Math.fround(0 / output.scale))
  return requantization(context, input, output, Math.max(INT8_MIN, zero))
}

export function prepareRequantizeInt8(context: OpContext): RequantizeInt8 {
  const input = context.affine(context.input(0))
  const output = context.affine(context.output())
  return requantization(context, input, output, INT8_MIN)
}

export function requantizeInt8(p: RequantizeInt8, input: Int8Array, output: Int8Array): void {
  for (let i = 0; i < p.size; i++) {
    const value = multiplyByQuantizedMultiplier(input[i]! - p.inputZeroPoint, p.multiplier, p.shift)
    output[i] = Math.min(p.max, Math.max(p.min, value + p.outputZeroPoint))
  }
}

/** A clamp without requantization (RELU6 int8, and RELU / RELU6 on float tensors). */
export interface Clamp {
  readonly size: number
  readonly min: number
  readonly max: number
}

export function prepareRelu6Int8(context: OpContext): Clamp {
  const input = context.affine(context.input(0))
  const output = context.affine(context.output())
  context.check(
    input.scale === output.scale && input.zeroPoint === output.zeroPoint,
    'needs the same quantization on its input and output (the int8 RELU6 kernel does not requantize)',
  )
  // FloatToQuantizedType<int8_t>(6.0f, scale, zero_point) (tensorflow/lite/micro/micro_utils.h).
  const six = Math.min(
    INT8_MAX,
    Math.max(INT8_MIN, roundHalfAwayFromZero(Math.fround(6 / input.scale)) + input.zeroPoint),
  )
  return { size: sameSize(context), min: input.zeroPoint, max: six }
}

export function prepareActivationFloat(context: OpContext, op: ActivationOp): Clamp {
  return { size: sameSize(context), min: 0, max: op.kind === 'relu6' ? 6 : Infinity }
}

export function clamp(p: Clamp, input: Int8Array | Float32Array, output: Int8Array | Float32Array): void {
  for (let i = 0; i < p.size; i++) output[i] = Math.min(p.max, Math.max(p.min, input[i]!))
}

/** QUANTIZE float → int8 and DEQUANTIZE int8 → float: one affine map per element. */
export interface AffineConvert {
  readonly size: number
  readonly params: AffineParams
}

export function prepareAffineConvert(context: OpContext, op: QuantizeOp): AffineConvert {
  const quantized = op.kind === 'quantize' ? context.output() : context.input(0)
  return { size: sameSize(context), params: context.affine(quantized) }
}

export function quantizeFloat(p: AffineConvert, input: Float32Array, output: Int8Array): void {
  for (let i = 0; i < p.size; i++) output[i] = quantizeValue(input[i]!, p.params)
}

export function dequantizeInt8(p: AffineConvert, input: Int8Array, output: Float32Array): void {
  for (let i = 0; i < p.size; i++) output[i] = dequantizeValue(input[i]!, p.params)
}
