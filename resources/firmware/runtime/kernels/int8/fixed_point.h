/*
 * The 32-bit fixed-point primitives of TensorFlow Lite Micro's integer kernels (gemmlowp fixedpoint.h and
 * tflite common.h), and the requantize-then-clamp step every int8 kernel ends with. Mirrors
 * src/core/compress/quantize/fixed-point.ts and fixed-point-math.ts. Not part of the public API.
 *
 * Assumptions, checked at compile time in fixed_point.c: int32_t is two's complement, `>>` of a negative value
 * is arithmetic, and converting an out-of-range uint32_t to int32_t wraps modulo 2^32 (GCC, Clang, IAR and
 * armcc all behave so).
 */
#ifndef MOTE_FIXED_POINT_H
#define MOTE_FIXED_POINT_H

#include <stdint.h>

#include "../common/mote_internal.h"

/* a + b modulo 2^32, without signed overflow (the TypeScript reference's `(a + b) | 0`). */
int32_t mote_wrapping_add(int32_t a, int32_t b);

/* a − b modulo 2^32, without signed overflow (the TypeScript reference's `(a - b) | 0`). */
int32_t mote_wrapping_sub(int32_t a, int32_t b);

/* gemmlowp SaturatingRoundingDoublingHighMul: a·b / 2^31 rounded to nearest (ties up), INT32_MIN² saturated. */
int32_t mote_saturating_rounding_doubling_high_mul(int32_t a, int32_t b);

/* gemmlowp RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties away from zero; exponent ≥ 0. */
int32_t mote_rounding_divide_by_pot(int32_t x, int exponent);

/* gemmlowp SaturatingRoundingMultiplyByPOT: saturating x · 2^exponent, or a rounding right shift if negative. */
int32_t mote_saturating_rounding_multiply_by_pot(int32_t x, int exponent);

/* gemmlowp RoundingHalfSum: (a + b) / 2 rounded to nearest, ties away from zero. */
int32_t mote_rounding_half_sum(int32_t a, int32_t b);

/*
 * tflite MultiplyByQuantizedMultiplier (double rounding, TFLite Micro's default): x · multiplier · 2^(shift−31)
 * as RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x · 2^max(shift,0), multiplier), max(−shift,0)).
 * The left shift wraps modulo 2^32 like the reference's x · (1 << shift). Precondition: −31 ≤ shift ≤ 30.
 */
int32_t mote_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int shift);

/* clamp(value + offset, min, max) without overflowing int32, for min ≤ max in the int8 range. */
int8_t mote_offset_and_clamp(int32_t value, int32_t offset, int32_t min, int32_t max);

/* MOTE_OK when every shift of a requantization (weight memory) is in [−31, 30] and the ranges are int8 ones. */
mote_status_t mote_check_requant(const mote_requant_t *requant, int32_t channels);

/* The multiplier and shift of channel c of a requantization (entry 0 when per_channel is 0). */
int32_t mote_requant_multiplier(const mote_requant_t *requant, int32_t c);
int mote_requant_shift(const mote_requant_t *requant, int32_t c);

/*
 * 1 when a window of a × b × c int8 taps cannot overflow the int32 accumulator: each product
 * filter · (input + offset) is at most 128 · 255 in magnitude, so at most 65,793 taps fit.
 */
int mote_taps_fit_int32(int32_t a, int32_t b, int32_t c);

/* gemmlowp exp_on_negative_values for a Q(integer_bits).(31 − integer_bits) input a ≤ 0; exp(a) in Q0.31. */
int32_t mote_exp_on_negative_values(int32_t a, int integer_bits);

/*
 * tflite GetReciprocal for x > 0 read as Q(x_integer_digits): a Q0.31 scale s with 1/x ≈ s · 2^−n, n stored in
 * *num_bits_over_unit.
 */
int32_t mote_get_reciprocal(int32_t x, int x_integer_digits, int *num_bits_over_unit);

#endif
