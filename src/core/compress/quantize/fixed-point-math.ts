/**
 * The fixed-point transcendental functions that TFLM's int8 softmax uses, transcribed from gemmlowp
 * `fixedpoint/fixedpoint.h` (`exp_on_negative_values`, `exp_on_interval_between_negative_one_quarter_and_0_excl`,
 * `one_over_one_plus_x_for_x_in_0_1`) and tflite-micro `tensorflow/lite/kernels/internal/common.h`
 * (`GetReciprocal`). Values are raw int32s of a `FixedPoint<int32_t, IntegerBits>`: real = raw / 2^(31 − bits).
 * FixedPoint `+`/`-` are plain (wrapping) int32 additions, `*` is SaturatingRoundingDoublingHighMul.
 */
import {
  INT32_MAX,
  roundingDivideByPOT,
  roundingHalfSum,
  saturatingRoundingDoublingHighMul as mul,
  saturatingRoundingMultiplyByPOT,
} from './fixed-point'

/** gemmlowp `exp_on_interval_between_negative_one_quarter_and_0_excl` on a Q0.31 raw value. */
export function expOnIntervalBetweenNegativeOneQuarterAnd0Excl(a: number): number {
  const constantTerm = 1895147668 // exp(-1/8) in Q0.31
  const constantOneOverThree = 715827883 // 1/3 in Q0.31
  const x = (a + (1 << 28)) | 0 // Taylor expansion around -1/8
  const x2 = mul(x, x)
  const x3 = mul(x2, x)
  const x4 = mul(x2, x2)
  const x4Over4 = roundingDivideByPOT(x4, 2)
  const polynomial = roundingDivideByPOT((mul((x4Over4 + x3) | 0, constantOneOverThree) + x2) | 0, 1)
  return (constantTerm + mul(constantTerm, (x + polynomial) | 0)) | 0
}

/** The barrel-shifter multipliers exp(-2^k) in Q0.31 for k = -2 … 4 (gemmlowp GEMMLOWP_EXP_BARREL_SHIFTER). */
const EXP_BARREL: readonly (readonly [exponent: number, multiplier: number])[] = [
  [-2, 1672461947],
  [-1, 1302514674],
  [0, 790015084],
  [1, 290630308],
  [2, 39332535],
  [3, 720401],
  [4, 242],
]

/**
 * gemmlowp `exp_on_negative_values` for a `FixedPoint<int32_t, integerBits>` input a ≤ 0; returns exp(a) in
 * Q0.31 (INT32_MAX for a = 0).
 */
export function expOnNegativeValues(a: number, integerBits: number): number {
  const fractionalBits = 31 - integerBits
  const oneQuarter = 1 << (fractionalBits - 2)
  const mask = oneQuarter - 1
  const aModQuarterMinusOneQuarter = ((a & mask) - oneQuarter) | 0
  let result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(
    saturatingRoundingMultiplyByPOT(aModQuarterMinusOneQuarter, integerBits),
  )
  const remainder = (aModQuarterMinusOneQuarter - a) | 0
  for (const [exponent, multiplier] of EXP_BARREL) {
    if (integerBits > exponent && (remainder & (1 << (fractionalBits + exponent))) !== 0) {
      result = mul(result, multiplier)
    }
  }
  if (integerBits > 5) {
    const clamp = -(1 << (36 - integerBits)) // -32.0 in this format
    if (a < clamp) result = 0
  }
  return a === 0 ? INT32_MAX : result
}

/** gemmlowp `one_over_one_plus_x_for_x_in_0_1` on a Q0.31 raw value; returns 1/(1+x) in Q0.31. */
export function oneOverOnePlusXForXIn01(a: number): number {
  const halfDenominator = roundingHalfSum(a, INT32_MAX) // F0::One() is INT32_MAX
  const constant48Over17 = 1515870810 // Q2.29
  const constantNeg32Over17 = -1010580540 // Q2.29
  const oneQ2 = 1 << 29
  let x = (constant48Over17 + mul(halfDenominator, constantNeg32Over17)) | 0
  for (let i = 0; i < 3; i++) {
    const halfDenominatorTimesX = mul(halfDenominator, x)
    const oneMinusHalfDenominatorTimesX = (oneQ2 - halfDenominatorTimesX) | 0
    x = (x + saturatingRoundingMultiplyByPOT(mul(x, oneMinusHalfDenominatorTimesX), 2)) | 0
  }
  // ExactMulByPot<-1> turns Q2 into Q1 without touching the raw value; Rescale<0> shifts left by one.
  return saturatingRoundingMultiplyByPOT(x, 1)
}

/**
 * tflite `GetReciprocal(x, x_integer_digits, &num_bits_over_unit)` for x > 0: a Q0.31 value s and a count n
 * such that 1/x ≈ s · 2^-n (with x read as Q(xIntegerDigits)).
 */
export function getReciprocal(x: number, xIntegerDigits: number): { scale: number; numBitsOverUnit: number } {
  const headroomPlusOne = Math.clz32(x)
  const numBitsOverUnit = xIntegerDigits - headroomPlusOne
  const shiftedSumMinusOne = ((x << headroomPlusOne) - 0x80000000) | 0
  return { scale: oneOverOnePlusXForXIn01(shiftedSumMinusOne), numBitsOverUnit }
}
