/*
 * DEQUANTIZE, int8 → float32 (tflite reference_ops::Dequantize): output[i] = scale · (input[i] − zero_point).
 * TFLite computes the product in double and rounds it to float; |input − zero_point| ≤ 255 has 8 significant
 * bits and scale 24, so the double product is exact and a float32 multiply rounds it the same way.
 * In place: output may start at the input's address. Walking backwards, output float i covers input bytes
 * 4i … 4i + 3, all at or after i, so each is read before it is overwritten.
 */
#include "float_common.h"

mote_status_t mote_dequantize_s8_f32(const mote_affine_f32_params_t *p, const int8_t *input, float *output) {
  MOTE_REQUIRE(p != NULL && input != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(p->size >= 1, MOTE_ERROR_BAD_SHAPE);
  MOTE_REQUIRE(p->zero_point >= -128 && p->zero_point <= 127, MOTE_ERROR_BAD_QUANTIZATION);
  const uint32_t size = (uint32_t)p->size;
  MOTE_REQUIRE((const void *)input == (const void *)output || !mote_overlaps(input, size, output, size * 4u),
               MOTE_ERROR_OVERLAP);
  for (int32_t i = p->size - 1; i >= 0; i--) {
    output[i] = p->scale * (float)((int32_t)input[i] - p->zero_point);
  }
  return MOTE_OK;
}
