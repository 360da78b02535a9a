/**
 * The integer primitives of the fixed-point Bonsai and ProtoNN evaluators, each the exact counterpart of a
 * function in the generated C (c-math.ts). Every intermediate is bounded so that it fits int32 (the bounds
 * are stated per function); right shifts of negative numbers are arithmetic, as in gcc and avr-gcc.
 *
 * Formats: Qn means value·2^n in an integer. exp and tanh take a Q12 argument and return Q15, read from two
 * small tables with linear interpolation:
 * - e^(−t): u = t·log2(e) (Q12, by 5909/4096), e^(−t) = 2^(−u) = 2^(−frac(u)) >> floor(u), with 2^(−f)
 *   from 17 points (f = i/16) — interpolation and the truncation of u together stay below 4e−4 of full
 *   scale (tested); t ≥ 16 gives 0.
 * - tanh(v): 33 points (v = i/8, 0..4), error below 1.6e−3; |v| ≥ 4 gives the last point (tanh 4 = 0.99933).
 */

/** round(2^15 · 2^(−i/16)), i = 0..16. */
export const EXP2_TABLE_Q15: readonly number[] = Array.from({ length: 17 }, (_, i) =>
  Math.round(32768 * 2 ** (-i / 16)),
)

/** round(2^15 · tanh(i/8)), i = 0..32. */
export const TANH_TABLE_Q15: readonly number[] = Array.from({ length: 33 }, (_, i) =>
  Math.round(32768 * Math.tanh(i / 8)),
)

/** round(log2(e) · 2^12). */
export const LOG2E_Q12 = 5909

export const INT16_MAX = 32767

/** x / 2^s rounded half up: (x + 2^(s−1)) >> s. |x| + 2^(s−1) must fit int32. */
export function rshr(x: number, s: number): number {
  return s === 0 ? x : (x + (1 << (s - 1))) >> s
}

/** Clamps to ±32767 (symmetric, so that negation never overflows). */
export function sat16(x: number): number {
  return x > INT16_MAX ? INT16_MAX : x < -INT16_MAX ? -INT16_MAX : x
}

/** A rescaling by a real factor ≈ mul·2^(pre − post): y = sat16(rshr(x, pre)); rshr(y·mul, post). mul < 2^15. */
export interface Rescale {
  readonly pre: number
  readonly mul: number
  readonly post: number
}

export function rescale(x: number, r: Rescale): number {
  return rshr(sat16(rshr(x, r.pre)) * r.mul, r.post)
}

/**
 * The rescaling of integers up to `maxAbs` by `factor`: `pre` brings maxAbs under 2^14, then the largest
 * `post` ≤ 30 keeps `mul` = round(factor·2^(pre+post)) under 2^15 (products stay under 2^30).
 */
export function planRescale(maxAbs: number, factor: number): Rescale {
  let pre = 0
  while (maxAbs / 2 ** pre > 16383 && pre < 30) pre++
  let post = 30
  while (post > 0 && Math.round(factor * 2 ** (pre + post)) > 32767) post--
  const mul = Math.max(0, Math.min(32767, Math.round(factor * 2 ** (pre + post))))
  return { pre, mul, post }
}

/** e^(−t/4096) in Q15 for t ≥ 0 (Q12). */
export function expNegQ15(t: number): number {
  if (t >= 65536) return 0
  const u = (t * LOG2E_Q12) >> 12
  const n = u >> 12
  if (n >= 16) return 0
  const frac = u & 4095
  const i = frac >> 8
  const a = EXP2_TABLE_Q15[i]!
  const v = a - (((a - EXP2_TABLE_Q15[i + 1]!) * (frac & 255) + 128) >> 8)
  return rshr(v, n)
}

/** tanh(v/4096) in Q15 for a Q12 argument. */
export function tanhQ15(v: number): number {
  const a = v < 0 ? -v : v
  let r: number
  if (a >= 16384) r = TANH_TABLE_Q15[32]!
  else {
    const i = a >> 9
    const lo = TANH_TABLE_Q15[i]!
    r = lo + (((TANH_TABLE_Q15[i + 1]! - lo) * (a & 511) + 256) >> 9)
  }
  return v < 0 ? -r : r
}

/** The smallest shift s ≥ 0 with maxAbs / 2^s ≤ limit (0 when maxAbs is already under it). */
export function shiftToFit(maxAbs: number, limit: number): number {
  let s = 0
  while (maxAbs / 2 ** s > limit && s < 30) s++
  return s
}
