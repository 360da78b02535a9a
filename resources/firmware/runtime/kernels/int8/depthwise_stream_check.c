/* The stream depthwise kernels' preconditions (depthwise_stream.h), in a file of their own so that an optimized
 * variant of depthwise_conv2d_stream_s8.c shares them. */
#include "depthwise_stream.h"

mote_status_t mote_depthwise_stream_check(const mote_depthwise_conv2d_s8_params_t *params, const int8_t *input,
                                          const int8_t *filter, const int32_t *folded_bias, int8_t *output,
                                          int8_t *scratch, int32_t ring_pixels, mote_stream_t *stream) {
  const mote_window_t *w;
  mote_status_t status;
  MOTE_REQUIRE(params != NULL && scratch != NULL, MOTE_ERROR_NULL_POINTER);
  w = &params->window;
  MOTE_REQUIRE(params->depth_multiplier >= 1 && w->output_c / params->depth_multiplier == w->input_c &&
                   w->output_c % params->depth_multiplier == 0 &&
                   w->filter_h * w->filter_w <= MOTE_DEPTHWISE_MAX_TAPS,
               MOTE_ERROR_BAD_SHAPE);
  status = mote_check_stream_kernel(w, &params->requant, w->filter_h * w->filter_w, input, filter, folded_bias,
                                    output, scratch + w->input_c, ring_pixels, stream);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(mote_scratch_is_free(scratch, (uint32_t)w->input_c, w, input, output), MOTE_ERROR_OVERLAP);
  return MOTE_OK;
}
