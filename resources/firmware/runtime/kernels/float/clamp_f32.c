/* RELU / RELU6 on float32: output[i] = clamp(input[i], activation_min, activation_max). Output may be input. */
#include "float_common.h"

mote_status_t mote_clamp_f32(const mote_clamp_f32_params_t *p, const float *input, float *output) {
  MOTE_REQUIRE(p != NULL && input != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(p->size >= 1, MOTE_ERROR_BAD_SHAPE);
  MOTE_REQUIRE(mote_is_float_range(p->activation_min, p->activation_max), MOTE_ERROR_BAD_QUANTIZATION);
  const uint32_t bytes = (uint32_t)p->size * 4u;
  const mote_status_t status = mote_check_same_or_disjoint(input, bytes, output, bytes);
  if (status != MOTE_OK) return status;
  for (int32_t i = 0; i < p->size; i++) {
    output[i] = mote_clamp_f32_value(input[i], p->activation_min, p->activation_max);
  }
  return MOTE_OK;
}
