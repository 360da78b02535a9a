/*
 * A clamp of int8 values to [activation_min, activation_max] with no requantization: RELU6 (TFLite Micro's
 * Relu6Quantized, [zero_point, zero_point + round(6 / scale)]) and standalone activations whose output shares
 * the input's quantization. Element-wise: output may be input.
 */
#include "../common/mote_internal.h"

mote_status_t mote_clamp_s8(const mote_clamp_s8_params_t *p, const int8_t *input, int8_t *output) {
  MOTE_REQUIRE(p != NULL && input != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(p->size >= 1, MOTE_ERROR_BAD_SHAPE);
  MOTE_REQUIRE(mote_is_int8_range(p->activation_min, p->activation_max), MOTE_ERROR_BAD_QUANTIZATION);
  const mote_status_t status = mote_check_same_or_disjoint(input, (uint32_t)p->size, output, (uint32_t)p->size);
  if (status != MOTE_OK) return status;
  for (int32_t i = 0; i < p->size; i++) {
    const int8_t value = input[i];
    output[i] = value < p->activation_min ? (int8_t)p->activation_min
                : value > p->activation_max ? (int8_t)p->activation_max
                                            : value;
  }
  return MOTE_OK;
}
