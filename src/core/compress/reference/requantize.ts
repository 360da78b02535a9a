/**
 * What the int8 kernels with a weight tensor share: per-channel output multipliers and the fused
 * activation's clamp range, computed as TFLM's Prepare functions do.
 */
import type { FusedActivation, Tensor } from '../../model/graph'
import { activationRangeInt8, type AffineParams } from '../quantize/params'
import { quantizeMultiplier } from '../quantize/quantize-multiplier'
import type { OpContext } from './op-context'

/** Output requantization of an int8 kernel: acc → MBQM(acc, multiplier[c], shift[c]) + offset, clamped. */
export interface Requantization {
  readonly inputOffset: number
  readonly outputOffset: number
  readonly multipliers: Int32Array
  readonly shifts: Int32Array
  readonly activationMin: number
  readonly activationMax: number
}

/** Weight scales of `filter`, checked symmetric (zero point 0) and broadcast to `channels` entries. */
function weightScales(context: OpContext, filter: Tensor, channels: number, axis: number): number[] {
  const q = filter.quantization
  context.check(
    q !== undefined && q.scale.length > 0,
    `needs quantization parameters on weights "${filter.name}"`,
  )
  context.check(
    q.zeroPoint.every((z) => z === 0),
    `needs symmetric weights (zero point 0) in "${filter.name}"`,
  )
  if (q.scale.length === 1) return Array.from({ length: channels }, () => q.scale[0] ?? 0)
  context.check(
    q.scale.length === channels && (q.axis ?? 0) === axis,
    `has ${q.scale.length} weight scales on axis ${q.axis ?? 0}, expected ${channels} on axis ${axis}`,
  )
  return [...q.scale]
}

/**
 * Per-channel requantization (tflite `PopulateConvolutionQuantizationParams`): for each output channel,
 * QuantizeMultiplier(double(s_in) · double(s_w[c]) / double(s_out)). Also used for per-channel
 * fully-connected weights (TFLM fully_connected_common.cc computes the same expression).
 */
export function perChannelRequantization(
  context: OpContext,
  input: AffineParams,
  filter: Tensor,
  output: AffineParams,
  channels: number,
  axis: number,
  activation: FusedActivation,
): Requantization {
  const scales = weightScales(context, filter, channels, axis)
  const multipliers = new Int32Array(channels)
  const shifts = new Int32Array(channels)
  scales.forEach((scale, c) => {
    const q = quantizeMultiplier((input.scale * scale) / output.scale)
    multipliers[c] = q.multiplier
    shifts[c] = q.shift
  })
  return withActivation(context, input, output, multipliers, shifts, activation)
}

/**
 * Per-tensor fully-connected requantization (tflite `GetQuantizedConvolutionMultipler`): note the float32
 * product `input->params.scale * filter->params.scale` before the division in double.
 */
export function perTensorRequantization(
  context: OpContext,
  input: AffineParams,
  filter: Tensor,
  output: AffineParams,
  channels: number,
  activation: FusedActivation,
): Requantization {
  const [filterScale = 0] = weightScales(context, filter, 1, 0)
  const q = quantizeMultiplier(Math.fround(input.scale * filterScale) / output.scale)
  const multipliers = new Int32Array(channels).fill(q.multiplier)
  const shifts = new Int32Array(channels).fill(q.shift)
  return withActivation(context, input, output, multipliers, shifts, activation)
}

function withActivation(
  context: OpContext,
  input: AffineParams,
  output: AffineParams,
  multipliers: Int32Array,
  shifts: Int32Array,
  activation: FusedActivation,
): Requantization {
  context.check(input.scale > 0 && output.scale > 0, 'needs positive input and output scales')
  const range = activationRangeInt8(activation, output)
  context.check(range.min <= range.max, `has an empty ${activation} range at this output scale`)
  return {
    inputOffset: -input.zeroPoint,
    outputOffset: output.zeroPoint,
    multipliers,
    shifts,
    activationMin: range.min,
    activationMax: range.max,
  }
}
