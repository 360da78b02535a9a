/*
 * FULLY_CONNECTED, int8 (tflite-micro reference_integer_ops::FullyConnected and FullyConnectedPerChannel,
 * tensorflow/lite/kernels/internal/reference/integer_ops/fully_connected.h; they differ only in whether the
 * multiplier is per unit, which requant.per_channel selects).
 *
 * For each batch b and unit u:
 *   acc = Σ_d weights[u, d] · (input[b, d] + input_offset) + bias[u]          (bias added wrapping)
 *   output[b, u] = clamp(MBQM(acc, multiplier[u], shift[u]) + output_offset, activation_min, activation_max)
 */
#include "fixed_point.h"

static mote_status_t check(const mote_fully_connected_s8_params_t *params, const int8_t *input,
                           const int8_t *weights, const int8_t *output) {
  MOTE_REQUIRE(params != NULL && input != NULL && weights != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(params->batches >= 1 && params->depth >= 1 && params->units >= 1, MOTE_ERROR_BAD_SHAPE);
  MOTE_REQUIRE(mote_taps_fit_int32(params->depth, 1, 1), MOTE_ERROR_OVERFLOW);
  const mote_status_t status = mote_check_requant(&params->requant, params->units);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(!mote_overlaps(input, (uint32_t)params->batches * (uint32_t)params->depth, output,
                              (uint32_t)params->batches * (uint32_t)params->units),
               MOTE_ERROR_OVERLAP);
  return MOTE_OK;
}

mote_status_t mote_fully_connected_s8(const mote_fully_connected_s8_params_t *params, const int8_t *input,
                                      const int8_t *weights, const int32_t *bias, int8_t *output) {
  const mote_status_t status = check(params, input, weights, output);
  if (status != MOTE_OK) return status;
  const mote_requant_t *q = &params->requant;
  for (int32_t b = 0; b < params->batches; b++) {
    const int8_t *in = input + b * params->depth;
    for (int32_t unit = 0; unit < params->units; unit++) {
      const int8_t *row = weights + unit * params->depth;
      int32_t acc = 0;
      for (int32_t d = 0; d < params->depth; d++) {
        acc += (int32_t)MOTE_READ_WEIGHT_I8(&row[d]) * ((int32_t)in[d] + q->input_offset);
      }
      if (bias != NULL) acc = mote_wrapping_add(acc, MOTE_READ_WEIGHT_I32(&bias[unit]));
      acc = mote_multiply_by_quantized_multiplier(acc, mote_requant_multiplier(q, unit), mote_requant_shift(q, unit));
      output[b * params->units + unit] =
          mote_offset_and_clamp(acc, q->output_offset, q->activation_min, q->activation_max);
    }
  }
  return MOTE_OK;
}
