/*
 * ADD, float32: output[i] = clamp(input1[i] + input2[i]). Element-wise: output may be input1 or input2.
 */
#include "float_common.h"

mote_status_t mote_add_f32(const mote_add_f32_params_t *p, const float *input1, const float *input2, float *output) {
  MOTE_REQUIRE(p != NULL && input1 != NULL && input2 != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(p->size >= 1, MOTE_ERROR_BAD_SHAPE);
  MOTE_REQUIRE(mote_is_float_range(p->activation_min, p->activation_max), MOTE_ERROR_BAD_QUANTIZATION);
  const uint32_t bytes = (uint32_t)p->size * 4u;
  mote_status_t status = mote_check_same_or_disjoint(input1, bytes, output, bytes);
  if (status == MOTE_OK) status = mote_check_same_or_disjoint(input2, bytes, output, bytes);
  if (status != MOTE_OK) return status;
  for (int32_t i = 0; i < p->size; i++) {
    output[i] = mote_clamp_f32_value(input1[i] + input2[i], p->activation_min, p->activation_max);
  }
  return MOTE_OK;
}
