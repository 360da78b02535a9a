/**
 * Choosing int8 quantization parameters and quantizing constants, as the TFLite converter does
 * (tensorflow `tensorflow/lite/tools/optimize/quantization_utils.cc`: `GetAsymmetricQuantizationParams`,
 * `SymmetricPerChannelQuantization`, `SymmetricPerChannelBiasQuantize`), and quantizing single values as
 * TFLM's kernels do. The converter computes in float32; so do these functions (`Math.fround` after each
 * operation — a float32 op equals the double op rounded to float32 for + − × ÷).
 */
import type { Quantization } from '../../model/graph'
import { roundHalfAwayFromZero } from './quantize-multiplier'

const f32 = Math.fround

export const INT8_MIN = -128
export const INT8_MAX = 127
/** Symmetric weights use [−127, 127] so that −w is always representable (TFLite quantization spec). */
export const WEIGHT_MAX = 127

/** Per-tensor affine parameters: real = scale · (q − zeroPoint). `scale` is a float32 value. */
export interface AffineParams {
  readonly scale: number
  readonly zeroPoint: number
}

/**
 * `GetAsymmetricQuantizationParams(min, max, −128, 127)`: the range is widened to contain 0, the scale is
 * (max − min) / 255 and the zero point is nudged to the integer nearest to −128 − min/scale, so that real 0.0
 * is exactly representable. A range of exactly [0, 0] gives scale 0 and zero point −128, as in the converter;
 * callers that calibrate must reject such a tensor (see `isUsableScale`).
 */
export function chooseActivationParams(
  min: number,
  max: number,
  qMin = INT8_MIN,
  qMax = INT8_MAX,
): AffineParams {
  const lo = Math.min(f32(min), 0)
  const hi = Math.max(f32(max), 0)
  const scale = f32(f32(hi - lo) / (qMax - qMin))
  const zeroPointFromMin = scale !== 0 ? f32(qMin - f32(lo / scale)) : qMin
  let zeroPoint: number
  if (zeroPointFromMin < qMin) zeroPoint = qMin
  else if (zeroPointFromMin > qMax) zeroPoint = qMax
  else zeroPoint = roundHalfAwayFromZero(zeroPointFromMin)
  return { scale, zeroPoint }
}

/** A scale that kernels can use: finite, positive and representable as a float32 above zero. */
export function isUsableScale(scale: number): boolean {
  return Number.isFinite(scale) && f32(scale) > 0
}

/** The result of quantizing a constant tensor: int data plus its `Quantization` record. */
export interface QuantizedTensor<T> {
  readonly data: T
  readonly quantization: Quantization
}

/**
 * Symmetric int8 weight quantization, per channel along `axis` (TFLite: 0 for conv and fully-connected
 * weights, 3 for depthwise filters) or per tensor when `axis` is undefined: scale_c = max|w_c| / 127,
 * q = round(w · (127 / max|w_c|)) clamped to [−127, 127], zero point 0. An all-zero tensor gets scale 1
 * (per tensor, as `tensor_utils::SymmetricQuantizeFloats`). An all-zero channel (pruning can empty one)
 * gets all-zero values and the largest scale of the tensor's other channels (1 if every channel is
 * empty), not the converter's 0: a zero scale makes XNNPACK and other runtimes refuse the model, and it
 * would make the channel's bias scale (s_in · s_w) 0 too, losing the bias. Its values are zero, so any
 * usable scale represents them exactly; one of the tensor's own scales keeps the requantization
 * multiplier in the range the other channels already use.
 */
export function quantizeWeightsSymmetric(
  values: Float32Array,
  shape: readonly number[],
  axis?: number,
): QuantizedTensor<Int8Array> {
  const channels = axis === undefined ? 1 : (shape[axis] ?? 1)
  // Elements of one channel are strided: index = ((outer · channels) + c) · inner + i.
  const inner = axis === undefined ? values.length : shape.slice(axis + 1).reduce((a, b) => a * b, 1)
  const halfRange = new Float32Array(channels)
  for (let i = 0; i < values.length; i++) {
    const c = Math.floor(i / inner) % channels
    halfRange[c] = Math.max(halfRange[c] ?? 0, Math.abs(values[i] ?? 0))
  }
  const scales: number[] = []
  const inverse = new Float32Array(channels)
  for (let c = 0; c < channels; c++) {
    const range = halfRange[c] ?? 0
    scales.push(f32(range / WEIGHT_MAX))
    inverse[c] = range === 0 ? 0 : f32(WEIGHT_MAX / range)
  }
  const emptyChannelScale = Math.max(0, ...scales) || 1
  for (let c = 0; c < channels; c++) if (scales[c] === 0) scales[c] = emptyChannelScale
  const data = new Int8Array(values.length)
  for (let i = 0; i < values.length; i++) {
    const c = Math.floor(i / inner) % channels
    const q = roundHalfAwayFromZero(f32((values[i] ?? 0) * (inverse[c] ?? 0)))
    data[i] = Math.min(WEIGHT_MAX, Math.max(-WEIGHT_MAX, q))
  }
  const quantization: Quantization =
    axis === undefined
      ? { scale: scales, zeroPoint: [0] }
      : { scale: scales, zeroPoint: scales.map(() => 0), axis }
  return { data, quantization }
}

/**
 * int32 bias quantization with scale_c = s_in · s_w,c (a float32 product), q = round(b · (1 / scale_c))
 * clamped to [−(2^31 − 1), 2^31 − 1], zero point 0 (`SymmetricPerChannelBiasQuantize<int32_t>`). With one
 * weight scale the bias is per tensor.
 */
export function quantizeBias(
  values: Float32Array,
  inputScale: number,
  weightScales: readonly number[],
): QuantizedTensor<Int32Array> {
  const scales = weightScales.map((s) => f32(f32(inputScale) * f32(s)))
  const data = new Int32Array(values.length)
  for (let i = 0; i < values.length; i++) {
    const scale = scales.length === 1 ? (scales[0] ?? 0) : (scales[i] ?? 0)
    const inverse = scale === 0 ? 0 : f32(1 / scale)
    const q = roundHalfAwayFromZero(f32((values[i] ?? 0) * inverse))
    data[i] = Math.min(2147483647, Math.max(-2147483647, q))
  }
  const quantization: Quantization =
    scales.length === 1
      ? { scale: scales, zeroPoint: [0] }
      : { scale: scales, zeroPoint: scales.map(() => 0), axis: 0 }
  return { data, quantization }
}

/**
 * One real value to int8 as TFLM's QUANTIZE kernel does (`reference_ops::AffineQuantize`):
 * round(value / scale) in float32, plus the zero point, clamped to [−128, 127].
 */
export function quantizeValue(value: number, params: AffineParams): number {
  const q = roundHalfAwayFromZero(f32(f32(value) / f32(params.scale))) + params.zeroPoint
  return Math.min(INT8_MAX, Math.max(INT8_MIN, q))
}

/** One int8 value back to real as TFLM's DEQUANTIZE kernel does: float(double(scale) · (q − zeroPoint)). */
export function dequantizeValue(q: number, params: AffineParams): number {
  return f32(params.scale * (q - params.zeroPoint))
}

/** The int8 clamp range of a fused activation, as tflite `CalculateActivationRangeQuantized` computes it. */
export function activationRangeInt8(activation: 'none' | 'relu' | 'relu6', output: AffineParams) {
  const quantize = (real: number) => output.zeroPoint + roundHalfAwayFromZero(f32(real / f32(output.scale)))
  if (activation === 'relu') return { min: Math.max(INT8_MIN, quantize(0)), max: INT8_MAX }
  if (activation === 'relu6')
    return { min: Math.max(INT8_MIN, quantize(0)), max: Math.min(INT8_MAX, quantize(6)) }
  return { min: INT8_MIN, max: INT8_MAX }
}
