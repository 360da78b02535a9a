/*
 * ADD, int8 (tflite-micro reference_integer_ops::AddFunc, tensorflow/lite/kernels/internal/reference/
 * integer_ops/add.h, with the parameters of CalculateOpDataAdd in tensorflow/lite/micro/kernels/add_common.cc).
 *
 * Both inputs are brought to a common scale (twice the larger input scale) with 20 bits of headroom:
 *   shifted_i = (input_i[k] + input_i_offset) · 2^left_shift
 *   scaled_i  = MBQM(shifted_i, input_i_multiplier, input_i_shift)
 *   output[k] = clamp(MBQM(scaled_1 + scaled_2, output_multiplier, output_shift) + output_offset)
 * |input + offset| ≤ 255, so shifted_i fits in int32 for left_shift ≤ 22 (checked). The sum wraps like the
 * TypeScript reference (it cannot overflow for multipliers below 2^31 and shifts ≤ 0, TFLite's only case).
 *
 * Element-wise: output may be input1 or input2 (each value is read before its own output is written).
 */
#include "fixed_point.h"

static int shift_ok(int32_t shift) {
  return shift >= -31 && shift <= 30;
}

static mote_status_t check(const mote_add_s8_params_t *p, const int8_t *input1, const int8_t *input2,
                           const int8_t *output) {
  MOTE_REQUIRE(p != NULL && input1 != NULL && input2 != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(p->size >= 1, MOTE_ERROR_BAD_SHAPE);
  MOTE_REQUIRE(p->left_shift >= 0 && p->left_shift <= 22, MOTE_ERROR_BAD_QUANTIZATION);
  MOTE_REQUIRE(p->input1_offset >= -127 && p->input1_offset <= 128 && p->input2_offset >= -127 &&
                   p->input2_offset <= 128 && p->output_offset >= -128 && p->output_offset <= 127,
               MOTE_ERROR_BAD_QUANTIZATION);
  MOTE_REQUIRE(shift_ok(p->input1_shift) && shift_ok(p->input2_shift) && shift_ok(p->output_shift),
               MOTE_ERROR_BAD_QUANTIZATION);
  MOTE_REQUIRE(mote_is_int8_range(p->activation_min, p->activation_max), MOTE_ERROR_BAD_QUANTIZATION);
  const uint32_t size = (uint32_t)p->size;
  const mote_status_t status = mote_check_same_or_disjoint(input1, size, output, size);
  return status != MOTE_OK ? status : mote_check_same_or_disjoint(input2, size, output, size);
}

mote_status_t mote_add_s8(const mote_add_s8_params_t *p, const int8_t *input1, const int8_t *input2,
                          int8_t *output) {
  const mote_status_t status = check(p, input1, input2, output);
  if (status != MOTE_OK) return status;
  const int32_t headroom = INT32_C(1) << p->left_shift;
  for (int32_t i = 0; i < p->size; i++) {
    const int32_t shifted1 = ((int32_t)input1[i] + p->input1_offset) * headroom;
    const int32_t shifted2 = ((int32_t)input2[i] + p->input2_offset) * headroom;
    const int32_t scaled1 = mote_multiply_by_quantized_multiplier(shifted1, p->input1_multiplier, p->input1_shift);
    const int32_t scaled2 = mote_multiply_by_quantized_multiplier(shifted2, p->input2_multiplier, p->input2_shift);
    const int32_t sum = mote_wrapping_add(scaled1, scaled2);
    const int32_t raw = mote_multiply_by_quantized_multiplier(sum, p->output_multiplier, p->output_shift);
    output[i] = mote_offset_and_clamp(raw, p->output_offset, p->activation_min, p->activation_max);
  }
  return MOTE_OK;
}
