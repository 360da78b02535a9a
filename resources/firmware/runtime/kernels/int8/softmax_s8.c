/*
 * SOFTMAX, int8 → int8, over the last axis (TFLite Micro's SoftmaxQuantized calls
 * tflite::reference_ops::Softmax<int8_t, int8_t>, tensorflow/lite/kernels/internal/reference/softmax.h).
 *
 * For each row:
 *   max = the row's largest input
 *   for each value: diff = input − max ≤ 0; if diff ≥ diff_min,
 *     e = exp(diff · beta · input_scale) in Q0.31: the difference is scaled to Q5.26 by
 *         SaturatingRoundingDoublingHighMul(diff · 2^input_left_shift, input_multiplier), then gemmlowp's
 *         exp_on_negative_values
 *   sum = Σ e / 2^12 in Q12.19 (rounded shifts, wrapping add); 1/sum = reciprocal · 2^−n (GetReciprocal)
 *   output = clamp(RoundingDivideByPOT(SRDHM(reciprocal, e), n + 31 − 8) − 128, −128, 127), or −128 when
 *            diff < diff_min
 * The output is in steps of 1/256 from −128 (scale 1/256, zero point −128).
 * Element-wise per row: output may be input (a row's inputs are read before any of its outputs is written,
 * and the last pass reads each input just before writing its own output).
 */
#include "fixed_point.h"

#define SCALED_DIFF_INTEGER_BITS 5
#define ACCUMULATION_INTEGER_BITS 12

static int32_t exp_of_difference(const mote_softmax_s8_params_t *p, int32_t diff) {
  const int32_t shifted = (int32_t)((uint32_t)diff << p->input_left_shift);
  const int32_t scaled = mote_saturating_rounding_doubling_high_mul(shifted, p->input_multiplier);
  return mote_exp_on_negative_values(scaled, SCALED_DIFF_INTEGER_BITS);
}

static void softmax_row(const mote_softmax_s8_params_t *p, const int8_t *input, int8_t *output) {
  int32_t max = -128;
  for (int32_t c = 0; c < p->depth; c++) {
    if (input[c] > max) max = input[c];
  }
  int32_t sum_of_exps = 0; /* Q12.19 */
  for (int32_t c = 0; c < p->depth; c++) {
    const int32_t diff = (int32_t)input[c] - max;
    if (diff >= p->diff_min) {
      const int32_t e = mote_rounding_divide_by_pot(exp_of_difference(p, diff), ACCUMULATION_INTEGER_BITS);
      sum_of_exps = mote_wrapping_add(sum_of_exps, e);
    }
  }
  int num_bits_over_unit;
  const int32_t reciprocal = mote_get_reciprocal(sum_of_exps, ACCUMULATION_INTEGER_BITS, &num_bits_over_unit);
  const int exponent = num_bits_over_unit + 31 - 8;
  for (int32_t c = 0; c < p->depth; c++) {
    const int32_t diff = (int32_t)input[c] - max;
    if (diff >= p->diff_min) {
      const int32_t e = exp_of_difference(p, diff);
      const int32_t unsaturated =
          mote_rounding_divide_by_pot(mote_saturating_rounding_doubling_high_mul(reciprocal, e), exponent) - 128;
      output[c] = (int8_t)(unsaturated < -128 ? -128 : unsaturated > 127 ? 127 : unsaturated);
    } else {
      output[c] = -128;
    }
  }
}

mote_status_t mote_softmax_s8(const mote_softmax_s8_params_t *p, const int8_t *input, int8_t *output) {
  MOTE_REQUIRE(p != NULL && input != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(p->rows >= 1 && p->depth >= 1, MOTE_ERROR_BAD_SHAPE);
  MOTE_REQUIRE(p->input_left_shift >= 0 && p->input_left_shift <= 31 && p->diff_min <= 0,
               MOTE_ERROR_BAD_QUANTIZATION);
  const uint32_t size = (uint32_t)p->rows * (uint32_t)p->depth;
  const mote_status_t status = mote_check_same_or_disjoint(input, size, output, size);
  if (status != MOTE_OK) return status;
  for (int32_t row = 0; row < p->rows; row++) {
    softmax_row(p, input + row * p->depth, output + row * p->depth);
  }
  return MOTE_OK;
}
