/**
 * Constants of the fixed build, rounded once at generation time (resources/firmware/dsp, fixed_math.c):
 * Q formats for tables, `mote_dsp_const_t` (a positive real as a mantissa in [2^31, 2^32) and a binary
 * exponent) and signed multipliers (a Q31 mantissa in [2^30, 2^31) and a right shift).
 */

/** round(v · 2^bits), saturated to the signed range of `totalBits`. */
export function toQ(value: number, bits: number, totalBits = 16): number {
  const limit = 2 ** (totalBits - 1) - 1
  return Math.max(-limit, Math.min(limit, Math.round(value * 2 ** bits)))
}

/** A positive real as `{mantissa, exponent}` with value ≈ mantissa · 2^exponent (0 → {0, 0}). */
export function fixedConst(value: number): { mantissa: number; exponent: number } {
  if (!(value >= 0) || !Number.isFinite(value)) throw new Error(`a fixed constant must be ≥ 0, got ${value}`)
  if (value === 0) return { mantissa: 0, exponent: 0 }
  let exponent = Math.floor(Math.log2(value)) - 31
  let mantissa = Math.round(value / 2 ** exponent)
  if (mantissa >= 2 ** 32) [mantissa, exponent] = [mantissa / 2, exponent + 1]
  if (mantissa < 2 ** 31) [mantissa, exponent] = [Math.round(value / 2 ** (exponent - 1)), exponent - 1]
  return { mantissa, exponent }
}

/** factor ≈ mantissa / 2^shift with a signed mantissa of 31 bits and shift 1…62, for `mote_mul_shift_sat`. */
export function fixedMultiplier(factor: number): { mantissa: number; shift: number } {
  const magnitude = Math.abs(factor)
  if (magnitude === 0 || magnitude < 2 ** -32) return { mantissa: 0, shift: 1 }
  const e = Math.floor(Math.log2(magnitude))
  let shift = 30 - e
  let mantissa = Math.round(magnitude * 2 ** shift)
  if (mantissa >= 2 ** 31) [mantissa, shift] = [Math.round(mantissa / 2), shift - 1]
  if (shift < 1) [mantissa, shift] = [2 ** 31 - 1, 1]
  if (shift > 62) [mantissa, shift] = [Math.round(magnitude * 2 ** 62), 62]
  return { mantissa: Math.sign(factor) * Math.min(mantissa, 2 ** 31 - 1), shift }
}

/** The quarter-wave cosine table of an n-point FFT: cos(2πj/n), j = 0…n/4 (fft.c). */
export function quarterCosines(n: number): Float32Array {
  return Float32Array.from({ length: n / 4 + 1 }, (_, j) => Math.cos((2 * Math.PI * j) / n))
}
