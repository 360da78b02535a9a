/**
 * Random draws for kernel cases, leaning on the edges of every range: zero points at −128/127, multipliers
 * at 0 and near 2^31, shifts across [−31, 30], weights at −128, windows hanging over every edge.
 */
import type { ConvGeometry } from '../../../../src/core/compress/reference/conv2d'
import type { Requantization } from '../../../../src/core/compress/reference/requantize'
import type { Rng } from '../../../../src/core/train/random'

export const INT32_MAX = 2147483647

/** One of `values` with probability `edgeChance`, else a uniform integer in [low, high]. */
export function edgy(
  rng: Rng,
  low: number,
  high: number,
  values: readonly number[],
  edgeChance = 0.25,
): number {
  return rng.next() < edgeChance ? values[rng.int(0, values.length - 1)]! : rng.int(low, high)
}

export const zeroPoint = (rng: Rng) => edgy(rng, -128, 127, [-128, 127, 0, -1])

/** A requantization multiplier: TFLite's [2^30, 2^31) mostly, sometimes 0, 1 or 2^31 − 1. */
export function multiplier(rng: Rng): number {
  return edgy(rng, 1 << 30, INT32_MAX, [0, 1, INT32_MAX, INT32_MAX - 1, 1 << 30], 0.2)
}

/** A shift: usually what real models have (−12 … 0), often anywhere in [−31, 30]. */
export function shift(rng: Rng): number {
  return rng.next() < 0.5 ? rng.int(-12, 0) : edgy(rng, -31, 30, [-31, 30, 0, -1, 1])
}

export function int8Array(rng: Rng, length: number): Int8Array {
  const mode = rng.next()
  // Now and then a constant tensor at an extreme, which drives accumulators to their limits.
  if (mode < 0.05) return new Int8Array(length).fill(mode < 0.025 ? -128 : 127)
  return Int8Array.from({ length }, () => rng.int(-128, 127))
}

export function int32Array(rng: Rng, length: number, magnitude: number): Int32Array {
  return Int32Array.from({ length }, () =>
    rng.next() < 0.05 ? (rng.next() < 0.5 ? -INT32_MAX - 1 : INT32_MAX) : rng.int(-magnitude, magnitude),
  )
}

export function float32Array(rng: Rng, length: number, amplitude = 1): Float32Array {
  return Float32Array.from({ length }, () => (rng.next() * 2 - 1) * amplitude)
}

/** An int8 clamp range: the full range, a fused ReLU-like lower bound, or any sub-range. */
export function int8Range(rng: Rng): { min: number; max: number } {
  const mode = rng.int(0, 2)
  if (mode === 0) return { min: -128, max: 127 }
  const min = rng.int(-128, 127)
  return { min, max: mode === 1 ? 127 : rng.int(min, 127) }
}

/** A per-channel (or, one time in three, uniform) requantization for `channels` outputs. */
export function requantization(rng: Rng, channels: number, range = int8Range(rng)): Requantization {
  const uniform = rng.int(0, 2) === 0
  const m = multiplier(rng)
  const s = shift(rng)
  return {
    inputOffset: -zeroPoint(rng),
    outputOffset: zeroPoint(rng),
    multipliers: Int32Array.from({ length: channels }, () => (uniform ? m : multiplier(rng))),
    shifts: Int32Array.from({ length: channels }, () => (uniform ? s : shift(rng))),
    activationMin: range.min,
    activationMax: range.max,
  }
}

export interface WindowLimits {
  readonly maxSize: number
  readonly maxChannels: number
  readonly maxFilter: number
  readonly dilation: boolean
}

/**
 * A random window geometry. The output size and leading padding are drawn freely (not only TFLite's SAME /
 * VALID values), so windows start in the top/left padding, end in the bottom/right padding, or lie entirely
 * in it.
 */
export function windowGeometry(rng: Rng, limits: WindowLimits, outC?: number): ConvGeometry {
  const inC = rng.int(1, limits.maxChannels)
  const axis = () => {
    const size = rng.int(1, limits.maxSize)
    const filter = rng.int(1, limits.maxFilter)
    const stride = edgy(rng, 1, 3, [1])
    const dilation = limits.dilation ? edgy(rng, 1, 3, [1], 0.5) : 1
    const effective = (filter - 1) * dilation + 1
    const pad = rng.int(0, effective - 1)
    const reach = Math.floor((size + 2 * pad - effective) / stride) + 1
    return { size, filter, stride, dilation, pad, out: Math.max(1, reach + rng.int(-1, 1)) }
  }
  const h = axis()
  const w = axis()
  return {
    batches: rng.next() < 0.1 ? 2 : 1,
    inH: h.size,
    inW: w.size,
    inC,
    outH: h.out,
    outW: w.out,
    outC: outC ?? rng.int(1, limits.maxChannels),
    kH: h.filter,
    kW: w.filter,
    strideH: h.stride,
    strideW: w.stride,
    dilationH: h.dilation,
    dilationW: w.dilation,
    padH: h.pad,
    padW: w.pad,
  }
}

export const inputCount = (g: ConvGeometry) => g.batches * g.inH * g.inW * g.inC
export const outputCount = (g: ConvGeometry) => g.batches * g.outH * g.outW * g.outC
