/*
 * FULLY_CONNECTED, float32 (tflite reference_ops::FullyConnected): for each batch b and unit u,
 * acc = Σ_d weights[u, d] · input[b, d], then acc + bias[u], then the activation clamp, in float32.
 * Aliasing: output must not overlap input.
 */
#include "float_common.h"

mote_status_t mote_fully_connected_f32(const mote_fully_connected_f32_params_t *params, const float *input,
                                       const float *weights, const float *bias, float *output) {
  MOTE_REQUIRE(params != NULL && input != NULL && weights != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(params->batches >= 1 && params->depth >= 1 && params->units >= 1, MOTE_ERROR_BAD_SHAPE);
  MOTE_REQUIRE(mote_is_float_range(params->activation_min, params->activation_max), MOTE_ERROR_BAD_QUANTIZATION);
  MOTE_REQUIRE(!mote_overlaps(input, (uint32_t)params->batches * (uint32_t)params->depth * 4u, output,
                              (uint32_t)params->batches * (uint32_t)params->units * 4u),
               MOTE_ERROR_OVERLAP);
  for (int32_t b = 0; b < params->batches; b++) {
    const float *in = input + b * params->depth;
    for (int32_t unit = 0; unit < params->units; unit++) {
      const float *row = weights + unit * params->depth;
      float acc = 0.0f;
      for (int32_t d = 0; d < params->depth; d++) acc += MOTE_READ_WEIGHT_F32(&row[d]) * in[d];
      if (bias != NULL) acc += MOTE_READ_WEIGHT_F32(&bias[unit]);
      output[b * params->units + unit] = mote_clamp_f32_value(acc, params->activation_min, params->activation_max);
    }
  }
  return MOTE_OK;
}
