/*
 * int8 → int8 requantization: QUANTIZE between two int8 tensors (tflite reference_ops::Requantize with the
 * multiplier QuantizeMultiplier(s_in / s_out), tensorflow/lite/micro/kernels/quantize_common.cc) and RELU
 * (TFLite Micro's ReluQuantized with CalculateReluOpData, activations_common.cc), which is the same map with
 * activation_min = the output's quantized 0:
 *   output[i] = clamp(MBQM(input[i] − input_zero_point, multiplier, shift) + output_zero_point,
 *                     activation_min, activation_max)
 * Element-wise: output may be input.
 */
#include "fixed_point.h"

mote_status_t mote_requantize_s8(const mote_requantize_s8_params_t *p, const int8_t *input, int8_t *output) {
  MOTE_REQUIRE(p != NULL && input != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(p->size >= 1, MOTE_ERROR_BAD_SHAPE);
  MOTE_REQUIRE(p->input_zero_point >= -128 && p->input_zero_point <= 127 && p->output_zero_point >= -128 &&
                   p->output_zero_point <= 127 && p->shift >= -31 && p->shift <= 30,
               MOTE_ERROR_BAD_QUANTIZATION);
  MOTE_REQUIRE(mote_is_int8_range(p->activation_min, p->activation_max), MOTE_ERROR_BAD_QUANTIZATION);
  const mote_status_t status = mote_check_same_or_disjoint(input, (uint32_t)p->size, output, (uint32_t)p->size);
  if (status != MOTE_OK) return status;
  for (int32_t i = 0; i < p->size; i++) {
    const int32_t value =
        mote_multiply_by_quantized_multiplier((int32_t)input[i] - p->input_zero_point, p->multiplier, p->shift);
    output[i] = mote_offset_and_clamp(value, p->output_zero_point, p->activation_min, p->activation_max);
  }
  return MOTE_OK;
}
