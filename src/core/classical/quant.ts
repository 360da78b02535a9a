import { z } from 'zod'
import type { LabelledTable } from './learner'

/**
 * Per-feature input quantisation of the fixed-point evaluators (docs/classical.md, "The numeric convention"):
 * `q = clamp(roundHalfAway(fround(fround(x - offset) * scale)), -qmax, qmax)`, exactly as the generated C
 * computes it in float32. Offsets and scales are float32 values, stored as numbers in the model's JSON.
 */
export interface FeatureQuant {
  readonly bits: 8 | 16
  readonly offset: readonly number[]
  readonly scale: readonly number[]
}

export const featureQuantSchema = z.object({
  bits: z.union([z.literal(8), z.literal(16)]),
  offset: z.array(z.number()),
  scale: z.array(z.number()),
})

/** The largest magnitude of a quantised feature: symmetric, so that negation never overflows. */
export function qmaxOf(bits: 8 | 16): number {
  return bits === 8 ? 127 : 32767
}

/**
 * Fits offset (the middle of the training range) and scale (range onto ±qmax) per column, or one pair for
 * the whole table when `shared` (features of one kind, like pixels: the C then needs no tables).
 */
export function fitQuant(data: LabelledTable, bits: 8 | 16, shared = false): FeatureQuant {
  const { x, rows, cols } = data
  const lo = new Array<number>(cols).fill(Infinity)
  const hi = new Array<number>(cols).fill(-Infinity)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = x[r * cols + c]!
      if (v < lo[c]!) lo[c] = v
      if (v > hi[c]!) hi[c] = v
    }
  }
  if (shared) {
    const pair = rangeToQuant(Math.min(...lo), Math.max(...hi), bits)
    return { bits, offset: lo.map(() => pair.offset), scale: lo.map(() => pair.scale) }
  }
  const pairs = lo.map((l, c) => rangeToQuant(l, hi[c]!, bits))
  return { bits, offset: pairs.map((p) => p.offset), scale: pairs.map((p) => p.scale) }
}

/** The offset and scale that map [lo, hi] onto ±qmax (scale 1 for a constant feature). */
function rangeToQuant(lo: number, hi: number, bits: 8 | 16): { offset: number; scale: number } {
  const half = (hi - lo) / 2
  return { offset: Math.fround(lo + half), scale: half > 0 ? Math.fround(qmaxOf(bits) / half) : 1 }
}

/** One feature value quantised, in the C's float32 arithmetic. */
export function quantizeValue(x: number, offset: number, scale: number, qmax: number): number {
  const v = Math.fround(Math.fround(x - offset) * scale)
  if (v >= qmax) return qmax
  if (v <= -qmax) return -qmax
  return v >= 0 ? Math.trunc(Math.fround(v + 0.5)) : -Math.trunc(Math.fround(-v + 0.5))
}

/** A row quantised feature by feature. */
export function quantizeRow(row: Float32Array, quant: FeatureQuant): Int32Array {
  const qmax = qmaxOf(quant.bits)
  const out = new Int32Array(row.length)
  for (let j = 0; j < row.length; j++)
    out[j] = quantizeValue(row[j]!, quant.offset[j]!, quant.scale[j]!, qmax)
  return out
}

/** True when every feature has the same offset and scale (the C then needs no tables). */
export function isUniformQuant(quant: FeatureQuant): boolean {
  return quant.offset.every((o) => o === quant.offset[0]) && quant.scale.every((s) => s === quant.scale[0])
}
