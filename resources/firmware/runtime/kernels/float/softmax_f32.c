/*
 * SOFTMAX, float32, over the last axis (tflite reference_ops::Softmax): for each row,
 * e[c] = expf((input[c] − max) · beta), output[c] = e[c] / Σ e. Each row's max is found before any output of
 * the row is written and each e[c] is computed just before output[c] is written: output may be input.
 */
#include <math.h>

#include "float_common.h"

static void softmax_row(int32_t depth, float beta, const float *input, float *output) {
  float max = -INFINITY;
  for (int32_t c = 0; c < depth; c++) {
    if (input[c] > max) max = input[c];
  }
  float sum = 0.0f;
  for (int32_t c = 0; c < depth; c++) {
    const float e = expf((input[c] - max) * beta);
    output[c] = e;
    sum += e;
  }
  for (int32_t c = 0; c < depth; c++) output[c] = output[c] / sum;
}

mote_status_t mote_softmax_f32(const mote_softmax_f32_params_t *p, const float *input, float *output) {
  MOTE_REQUIRE(p != NULL && input != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(p->rows >= 1 && p->depth >= 1, MOTE_ERROR_BAD_SHAPE);
  const uint32_t bytes = (uint32_t)p->rows * (uint32_t)p->depth * 4u;
  const mote_status_t status = mote_check_same_or_disjoint(input, bytes, output, bytes);
  if (status != MOTE_OK) return status;
  for (int32_t row = 0; row < p->rows; row++) {
    softmax_row(p->depth, p->beta, input + row * p->depth, output + row * p->depth);
  }
  return MOTE_OK;
}
