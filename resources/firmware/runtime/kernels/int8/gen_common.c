/* Shared checks and requantization of the generator's kernels (see gen_common.h). */
#include "gen_common.h"

mote_status_t mote_check_stream_kernel(const mote_window_t *w, const mote_requant_t *requant,
                                       int32_t taps_per_output, const int8_t *input, const void *filter,
                                       const int32_t *folded_bias, int8_t *output, int8_t *ring,
                                       int32_t ring_pixels, mote_stream_t *stream) {
  mote_status_t status;
  MOTE_REQUIRE(input != NULL && filter != NULL && folded_bias != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  status = mote_check_window(w);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(mote_taps_fit_int32(taps_per_output, 1, 1), MOTE_ERROR_OVERFLOW);
  status = mote_check_requant(requant, w->output_c);
  if (status != MOTE_OK) return status;
  status = mote_stream_init(stream, w, input, output, ring, ring_pixels);
  if (status != MOTE_OK) return status;
#if !defined(MOTE_SKIP_CHECKS)
  status = mote_stream_check(stream, w);
#endif
  return status;
}

int8_t mote_requantize_folded(const mote_requant_t *q, const int32_t *folded_bias, int32_t c, int32_t acc) {
  acc = mote_wrapping_add(acc, MOTE_READ_WEIGHT_I32(&folded_bias[c]));
  acc = mote_multiply_by_quantized_multiplier(acc, mote_requant_multiplier(q, c), mote_requant_shift(q, c));
  return mote_offset_and_clamp(acc, q->output_offset, q->activation_min, q->activation_max);
}

int mote_scratch_is_free(const void *scratch, uint32_t bytes, const mote_window_t *w, const void *input,
                         const void *output) {
  return !mote_overlaps(scratch, bytes, input, mote_window_input_count(w)) &&
         !mote_overlaps(scratch, bytes, output, mote_window_output_count(w));
}

mote_status_t mote_fully_connected_check(const mote_fully_connected_s8_params_t *params, const int8_t *input,
                                         const void *weights, const int32_t *folded_bias, const int8_t *output) {
  mote_status_t status;
  MOTE_REQUIRE(params != NULL && input != NULL && weights != NULL && folded_bias != NULL && output != NULL,
               MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(params->batches >= 1 && params->depth >= 1 && params->units >= 1, MOTE_ERROR_BAD_SHAPE);
  MOTE_REQUIRE(mote_taps_fit_int32(params->depth, 1, 1), MOTE_ERROR_OVERFLOW);
  status = mote_check_requant(&params->requant, params->units);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(!mote_overlaps(input, (uint32_t)params->batches * (uint32_t)params->depth, output,
                              (uint32_t)params->batches * (uint32_t)params->units),
               MOTE_ERROR_OVERLAP);
  return MOTE_OK;
}
