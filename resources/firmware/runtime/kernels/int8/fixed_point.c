/*
 * Fixed-point primitives, transcribed from gemmlowp fixedpoint/fixedpoint.h (the scalar int32 versions) and
 * tflite-micro tensorflow/lite/kernels/internal/common.cc. Every function is the same arithmetic as its
 * namesake in src/core/compress/quantize/fixed-point.ts; the tests compare them bit for bit.
 */
#include "fixed_point.h"

/* Compile-time checks of the integer behaviour documented in fixed_point.h. */
typedef char mote_requires_arithmetic_right_shift[(-1 >> 1) == -1 ? 1 : -1];
typedef char mote_requires_wrapping_conversion[(int32_t)UINT32_C(0xFFFFFFFF) == -1 ? 1 : -1];

int32_t mote_wrapping_add(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a + (uint32_t)b);
}

int32_t mote_wrapping_sub(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a - (uint32_t)b);
}

int32_t mote_saturating_rounding_doubling_high_mul(int32_t a, int32_t b) {
  /* The one product that does not fit: (−2^31)² / 2^31 = 2^31. */
  const int overflow = a == INT32_MIN && b == INT32_MIN;
  const int64_t ab = (int64_t)a * (int64_t)b;
  /* Round to nearest: add half of 2^31 (toward +∞ for ties), then divide, truncating toward zero as C does. */
  const int64_t nudge = ab >= 0 ? (INT64_C(1) << 30) : (INT64_C(1) - (INT64_C(1) << 30));
  const int32_t high = (int32_t)((ab + nudge) / (INT64_C(1) << 31));
  return overflow ? INT32_MAX : high;
}

int32_t mote_rounding_divide_by_pot(int32_t x, int exponent) {
  int32_t mask;
  int32_t remainder;
  int32_t threshold;
  /* |x| / 2^32 < 1/2 except for INT32_MIN / 2^32 = −1/2, which rounds away from zero to −1. */
  if (exponent > 31) return (x == INT32_MIN && exponent == 32) ? -1 : 0;
  mask = exponent == 31 ? INT32_MAX : (int32_t)((UINT32_C(1) << exponent) - 1u);
  remainder = x & mask;
  /* Ties away from zero: a negative x rounds down only past the exact half. */
  threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

int32_t mote_saturating_rounding_multiply_by_pot(int32_t x, int exponent) {
  int32_t threshold;
  if (exponent == 0) return x;
  if (exponent < 0) return mote_rounding_divide_by_pot(x, -exponent);
  threshold = (int32_t)((UINT32_C(1) << (31 - exponent)) - 1u);
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return x * (int32_t)(UINT32_C(1) << exponent);
}

int32_t mote_rounding_half_sum(int32_t a, int32_t b) {
  const int64_t sum = (int64_t)a + (int64_t)b;
  const int64_t sign = sum >= 0 ? 1 : -1;
  return (int32_t)((sum + sign) / 2);
}

int32_t mote_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int shift) {
  const int left_shift = shift > 0 ? shift : 0;
  const int right_shift = shift > 0 ? 0 : -shift;
  const int32_t shifted = (int32_t)((uint32_t)x << left_shift);
  return mote_rounding_divide_by_pot(mote_saturating_rounding_doubling_high_mul(shifted, multiplier), right_shift);
}

int8_t mote_offset_and_clamp(int32_t value, int32_t offset, int32_t min, int32_t max) {
  /* Compare before adding: value + offset could overflow when value is near INT32_MAX. */
  if (value >= max - offset) return (int8_t)max;
  if (value <= min - offset) return (int8_t)min;
  return (int8_t)(value + offset);
}

int mote_taps_fit_int32(int32_t a, int32_t b, int32_t c) {
  const int32_t max_taps = INT32_C(65793); /* floor((2^31 − 1) / (128 · 255)) */
  /* a · b · c ≤ max ⟺ a ≤ floor(floor(max / c) / b) for positive integers, without forming the product. */
  return a <= max_taps / c / b;
}

int32_t mote_requant_multiplier(const mote_requant_t *requant, int32_t c) {
  return MOTE_READ_WEIGHT_I32(&requant->multipliers[requant->per_channel ? c : 0]);
}

int mote_requant_shift(const mote_requant_t *requant, int32_t c) {
  return MOTE_READ_WEIGHT_I8(&requant->shifts[requant->per_channel ? c : 0]);
}

mote_status_t mote_check_requant(const mote_requant_t *requant, int32_t channels) {
  int32_t c;
  const int32_t count = requant->per_channel ? channels : 1;
  MOTE_REQUIRE(requant->multipliers != NULL && requant->shifts != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(requant->input_offset >= -127 && requant->input_offset <= 128, MOTE_ERROR_BAD_QUANTIZATION);
  MOTE_REQUIRE(requant->output_offset >= -128 && requant->output_offset <= 127, MOTE_ERROR_BAD_QUANTIZATION);
  MOTE_REQUIRE(mote_is_int8_range(requant->activation_min, requant->activation_max), MOTE_ERROR_BAD_QUANTIZATION);
  for (c = 0; c < count; c++) {
    const int shift = mote_requant_shift(requant, c);
    MOTE_REQUIRE(shift >= -31 && shift <= 30, MOTE_ERROR_BAD_QUANTIZATION);
  }
  return MOTE_OK;
}
