/*
 * The fixed-point exp and reciprocal that the int8 softmax uses, transcribed from gemmlowp fixedpoint.h
 * (exp_on_negative_values, exp_on_interval_between_negative_one_quarter_and_0_excl,
 * one_over_one_plus_x_for_x_in_0_1) and tflite common.h (GetReciprocal). Values are raw int32s of a
 * FixedPoint<int32_t, IntegerBits>: real = raw / 2^(31 − IntegerBits). FixedPoint + and − are wrapping int32
 * additions, * is SaturatingRoundingDoublingHighMul. Same arithmetic as
 * src/core/compress/quantize/fixed-point-math.ts.
 */
#include "fixed_point.h"

#define MUL mote_saturating_rounding_doubling_high_mul
#define ADD mote_wrapping_add
#define SUB mote_wrapping_sub

/* exp(a) for a Q0.31 value a in [−1/4, 0): a Taylor polynomial around −1/8. */
static int32_t exp_on_interval_between_negative_one_quarter_and_0_excl(int32_t a) {
  const int32_t constant_term = INT32_C(1895147668);       /* exp(−1/8) in Q0.31 */
  const int32_t constant_one_over_three = INT32_C(715827883); /* 1/3 in Q0.31 */
  const int32_t x = ADD(a, INT32_C(1) << 28);               /* a + 1/8 */
  const int32_t x2 = MUL(x, x);
  const int32_t x3 = MUL(x2, x);
  const int32_t x4 = MUL(x2, x2);
  const int32_t x4_over_4 = mote_rounding_divide_by_pot(x4, 2);
  const int32_t polynomial =
      mote_rounding_divide_by_pot(ADD(MUL(ADD(x4_over_4, x3), constant_one_over_three), x2), 1);
  return ADD(constant_term, MUL(constant_term, ADD(x, polynomial)));
}

/*
 * One step of gemmlowp's barrel shifter (GEMMLOWP_EXP_BARREL_SHIFTER): if bit k of the remainder (in units of
 * the input format) is set, multiply by exp(−2^k). Written out per k rather than as a table so that the
 * constants stay in the code (an AVR would copy a const table to RAM).
 */
static int32_t barrel_step(int32_t result, int32_t remainder, int integer_bits, int k, int32_t exp_of_minus_2_to_k) {
  const int fractional_bits = 31 - integer_bits;
  if (integer_bits > k && ((uint32_t)remainder & (UINT32_C(1) << (fractional_bits + k))) != 0) {
    return MUL(result, exp_of_minus_2_to_k);
  }
  return result;
}

int32_t mote_exp_on_negative_values(int32_t a, int integer_bits) {
  const int fractional_bits = 31 - integer_bits;
  const int32_t one_quarter = INT32_C(1) << (fractional_bits - 2);
  const int32_t mask = one_quarter - 1;
  /* a = (a mod 1/4) − 1/4 + remainder, where remainder is a sum of powers of two handled by the barrel. */
  const int32_t a_mod_quarter_minus_one_quarter = SUB(a & mask, one_quarter);
  const int32_t remainder = SUB(a_mod_quarter_minus_one_quarter, a);
  int32_t result = exp_on_interval_between_negative_one_quarter_and_0_excl(
      mote_saturating_rounding_multiply_by_pot(a_mod_quarter_minus_one_quarter, integer_bits));
  result = barrel_step(result, remainder, integer_bits, -2, INT32_C(1672461947)); /* exp(−1/4) */
  result = barrel_step(result, remainder, integer_bits, -1, INT32_C(1302514674)); /* exp(−1/2) */
  result = barrel_step(result, remainder, integer_bits, 0, INT32_C(790015084));   /* exp(−1) */
  result = barrel_step(result, remainder, integer_bits, 1, INT32_C(290630308));   /* exp(−2) */
  result = barrel_step(result, remainder, integer_bits, 2, INT32_C(39332535));    /* exp(−4) */
  result = barrel_step(result, remainder, integer_bits, 3, INT32_C(720401));      /* exp(−8) */
  result = barrel_step(result, remainder, integer_bits, 4, INT32_C(242));         /* exp(−16) */
  if (integer_bits > 5 && a < -(INT32_C(1) << (36 - integer_bits))) result = 0; /* below −32: exp is 0 */
  return a == 0 ? INT32_MAX : result;
}

/* 1 / (1 + a) for a Q0.31 value a in [0, 1), in Q0.31: three Newton–Raphson steps from 48/17 − 32/17·d. */
static int32_t one_over_one_plus_x_for_x_in_0_1(int32_t a) {
  const int32_t half_denominator = mote_rounding_half_sum(a, INT32_MAX); /* (1 + a) / 2, Q0.31 */
  const int32_t constant_48_over_17 = INT32_C(1515870810);              /* Q2.29 */
  const int32_t constant_neg_32_over_17 = INT32_C(-1010580540);         /* Q2.29 */
  const int32_t one_q2 = INT32_C(1) << 29;
  int32_t x = ADD(constant_48_over_17, MUL(half_denominator, constant_neg_32_over_17));
  int i;
  for (i = 0; i < 3; i++) {
    const int32_t half_denominator_times_x = MUL(half_denominator, x);
    const int32_t one_minus_half_denominator_times_x = SUB(one_q2, half_denominator_times_x);
    x = ADD(x, mote_saturating_rounding_multiply_by_pot(MUL(x, one_minus_half_denominator_times_x), 2));
  }
  /* ExactMulByPot<−1> turns Q2.29 into Q1.30 without touching the raw value; Rescale<0> shifts left by one. */
  return mote_saturating_rounding_multiply_by_pot(x, 1);
}

static int count_leading_zeros(uint32_t x) {
  int n = 0;
  if (x == 0) return 32;
  while ((x & UINT32_C(0x80000000)) == 0) {
    x <<= 1;
    n++;
  }
  return n;
}

int32_t mote_get_reciprocal(int32_t x, int x_integer_digits, int *num_bits_over_unit) {
  const int headroom_plus_one = count_leading_zeros((uint32_t)x);
  /* x normalised to [1, 2) as a Q1.31-like raw value, minus one: the argument of 1/(1 + a). */
  const int32_t shifted_sum_minus_one =
      (int32_t)(((uint32_t)x << headroom_plus_one) - UINT32_C(0x80000000));
  *num_bits_over_unit = x_integer_digits - headroom_plus_one;
  return one_over_one_plus_x_for_x_in_0_1(shifted_sum_minus_one);
}
