/*
 * QUANTIZE, float32 → int8 (tflite reference_ops::AffineQuantize):
 *   output[i] = clamp(roundf(input[i] / scale) + zero_point, −128, 127)
 * roundf rounds half away from zero, as TfLiteRound. The rounded quotient is clamped before the conversion to
 * an integer so that huge values and infinities saturate instead of overflowing; NaN becomes 0.
 * In place: output may start at the input's address. Walking forwards, output byte i lies inside input float
 * i / 4 ≤ i, which has already been read.
 */
#include <math.h>

#include "float_common.h"

static int8_t quantize(float value, float scale, int32_t zero_point) {
  const float rounded = roundf(value / scale);
  if (rounded != rounded) return 0; /* NaN */
  /* Any |rounded| ≥ 256 saturates whatever the zero point; in between the int32 sum is exact. */
  const int32_t q = (rounded > 256.0f ? 256 : rounded < -256.0f ? -256 : (int32_t)rounded) + zero_point;
  return (int8_t)(q < -128 ? -128 : q > 127 ? 127 : q);
}

mote_status_t mote_quantize_f32_s8(const mote_affine_f32_params_t *p, const float *input, int8_t *output) {
  MOTE_REQUIRE(p != NULL && input != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(p->size >= 1, MOTE_ERROR_BAD_SHAPE);
  MOTE_REQUIRE(p->scale > 0.0f && p->zero_point >= -128 && p->zero_point <= 127, MOTE_ERROR_BAD_QUANTIZATION);
  const uint32_t size = (uint32_t)p->size;
  MOTE_REQUIRE((const void *)input == (const void *)output || !mote_overlaps(input, size * 4u, output, size),
               MOTE_ERROR_OVERLAP);
  for (int32_t i = 0; i < p->size; i++) output[i] = quantize(input[i], p->scale, p->zero_point);
  return MOTE_OK;
}
