/**
 * 32-bit fixed-point primitives exactly as TensorFlow Lite Micro's reference kernels compute them.
 *
 * Sources (tensorflow/tflite-micro and google/gemmlowp, read 2026):
 * - `SaturatingRoundingDoublingHighMul`, `RoundingDivideByPOT`, `RoundingHalfSum`,
 *   `SaturatingRoundingMultiplyByPOT`: gemmlowp `fixedpoint/fixedpoint.h` (the scalar int32 versions).
 * - `MultiplyByQuantizedMultiplier`: tflite-micro `tensorflow/lite/kernels/internal/common.cc`. TFLM builds
 *   with `TFLITE_SINGLE_ROUNDING` unset, so the reference kernels use the *double-rounding* variant
 *   (`RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x << left, m), right)`); the single-rounding
 *   variant is provided too, for comparison with runtimes built with `TFLITE_SINGLE_ROUNDING=1`.
 *
 * Every value is a JS number holding an int32. The 64-bit product a·b that the C code forms is emulated
 * exactly with doubles (no BigInt in the hot path): a = aHi·2^16 + aLo splits the product into two exact
 * partial products below 2^47, which are then recombined in base 2^31.
 */

export const INT32_MIN = -2147483648
export const INT32_MAX = 2147483647

const TWO_15 = 32768
const TWO_16 = 65536
const TWO_31 = 2147483648

/**
 * gemmlowp `SaturatingRoundingDoublingHighMul(int32 a, int32 b)`: a·b / 2^31 rounded to nearest with ties
 * toward +∞ (the C adds 2^30 or 1 − 2^30, then truncates), saturating the single overflowing case
 * a = b = INT32_MIN to INT32_MAX. Same as ARM VQRDMULH.
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX
  // ab = p1·2^16 + p0, both partial products exact in a double.
  const aHi = a >> 16
  const aLo = a & 0xffff
  const p1 = aHi * b
  const p0 = aLo * b
  // Recombine in base 2^31: p1 = p1h·2^15 + p1l, so ab = p1h·2^31 + (p1l·2^16 + p0).
  const p1h = Math.floor(p1 / TWO_15)
  const p1l = p1 - p1h * TWO_15
  const positive = p1 * TWO_16 + p0 >= 0 // sign only: the rounding error of this sum cannot flip it
  const t = p1l * TWO_16 + p0 + (positive ? 1073741824 : -1073741823)
  const tq = Math.floor(t / TWO_31)
  const floorQuotient = p1h + tq
  // C++ integer division truncates toward zero: floor + 1 for an inexact negative quotient.
  const inexact = t - tq * TWO_31 !== 0
  return floorQuotient < 0 && inexact ? floorQuotient + 1 : floorQuotient
}

/**
 * gemmlowp `RoundingDivideByPOT(int32 x, exponent)`: x / 2^exponent rounded to nearest, ties away from
 * zero, for any exponent ≥ 0. Softmax can ask for more than 31 (a row of over 512 near-equal maxima): the
 * quotient is then 0, or −1 for INT32_MIN / 2^32, as gemmlowp's arithmetic gives with a 64-bit mask; JavaScript's
 * `>>` would take the exponent modulo 32 instead.
 */
export function roundingDivideByPOT(x: number, exponent: number): number {
  if (exponent > 31) return x === INT32_MIN && exponent === 32 ? -1 : 0
  const mask = exponent >= 31 ? 0x7fffffff : (1 << exponent) - 1
  const remainder = x & mask
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0)
  return (x >> exponent) + (remainder > threshold ? 1 : 0)
}

/**
 * tflite `MultiplyByQuantizedMultiplier(int32 x, int32 multiplier, int shift)`, double-rounding variant
 * (the one TFLM's reference integer kernels use). `shift` > 0 shifts left before the high multiply
 * (wrapping like the C `x * (1 << left_shift)`), `shift` < 0 is a rounding right shift after it.
 */
export function multiplyByQuantizedMultiplier(x: number, multiplier: number, shift: number): number {
  const leftShift = shift > 0 ? shift : 0
  const rightShift = shift > 0 ? 0 : -shift
  return roundingDivideByPOT(
    saturatingRoundingDoublingHighMul(Math.imul(x, 1 << leftShift), multiplier),
    rightShift,
  )
}

/**
 * tflite `MultiplyByQuantizedMultiplier` built with `TFLITE_SINGLE_ROUNDING=1`:
 * (x·m + 2^(30−shift)) >> (31 − shift) in 64-bit arithmetic, one rounding (ties toward +∞).
 * Preconditions as in the C: multiplier ≥ 0, −31 ≤ shift ≤ 30, result fits in int32.
 */
export function multiplyByQuantizedMultiplierSingleRounding(
  x: number,
  multiplier: number,
  shift: number,
): number {
  const totalShift = 31 - shift
  // A result that fits in int32 with totalShift ≤ 16 means |x·m| < 2^47: the double product is exact.
  if (totalShift <= 16) return Math.floor((x * multiplier + 2 ** (totalShift - 1)) / 2 ** totalShift)
  // x·m + 2^(T−1) = 2^16·(p1 + 2^(T−17)) + p0 with p1 = xHi·m, p0 = xLo·m, all exact below 2^48;
  // then floor(2^16·A + r) / 2^T) = floor(A / 2^(T−16)) for 0 ≤ r < 2^16.
  const p1 = (x >> 16) * multiplier
  const p0 = (x & 0xffff) * multiplier
  const a = p1 + 2 ** (totalShift - 17) + Math.floor(p0 / TWO_16)
  return Math.floor(a / 2 ** (totalShift - 16))
}

/** gemmlowp `RoundingHalfSum(int32 a, int32 b)`: (a + b) / 2 rounded to nearest, ties away from zero. */
export function roundingHalfSum(a: number, b: number): number {
  const sum = a + b // exact in a double
  return Math.trunc((sum + (sum >= 0 ? 1 : -1)) / 2)
}

/**
 * gemmlowp `SaturatingRoundingMultiplyByPOT<exponent>(int32 x)`: a saturating left shift for exponent > 0,
 * a rounding right shift for exponent < 0.
 */
export function saturatingRoundingMultiplyByPOT(x: number, exponent: number): number {
  if (exponent === 0) return x
  if (exponent < 0) return roundingDivideByPOT(x, -exponent)
  const threshold = (1 << (31 - exponent)) - 1
  if (x > threshold) return INT32_MAX
  if (x < -threshold) return INT32_MIN
  return x * (1 << exponent)
}
