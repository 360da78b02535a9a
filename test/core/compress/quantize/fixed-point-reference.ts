/**
 * Independent BigInt transcriptions of the C primitives (gemmlowp fixedpoint.h, tflite-micro common.cc),
 * using exact 64-bit arithmetic and C semantics (truncating division, wrapping int32 multiply), for tests.
 */
const I32_MIN = -2147483648
const I32_MAX = 2147483647

export function srdhmBig(a: number, b: number): number {
  if (a === I32_MIN && b === I32_MIN) return I32_MAX
  const ab = BigInt(a) * BigInt(b)
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n)
  return Number((ab + nudge) / (1n << 31n)) // BigInt division truncates toward zero, as C++ does
}

export function rdbpBig(x: number, exponent: number): number {
  const X = BigInt(x)
  const mask = (1n << BigInt(exponent)) - 1n
  const remainder = X & mask
  const threshold = (mask >> 1n) + (X < 0n ? 1n : 0n)
  return Number((X >> BigInt(exponent)) + (remainder > threshold ? 1n : 0n))
}

export function mbqmBig(x: number, multiplier: number, shift: number): number {
  const left = shift > 0 ? shift : 0
  const right = shift > 0 ? 0 : -shift
  const shifted = Number(BigInt.asIntN(32, BigInt(x) * (1n << BigInt(left))))
  return rdbpBig(srdhmBig(shifted, multiplier), right)
}

export function mbqmSingleBig(x: number, multiplier: number, shift: number): number {
  const totalShift = BigInt(31 - shift)
  const round = 1n << (totalShift - 1n)
  return Number((BigInt(x) * BigInt(multiplier) + round) >> totalShift)
}
