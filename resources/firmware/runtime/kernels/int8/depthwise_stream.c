/*
 * The stream depthwise kernels' entry points, preconditions and tap pointers (depthwise_stream.h). The loop
 * itself, mote_depthwise_stream_run, is in depthwise_conv2d_stream_s8.c, the file an optimized variant replaces.
 */
#include "depthwise_stream.h"

/* The tap pointers of output pixel px: an input pixel, or the zero-point pixel in the padding. */
void mote_depthwise_taps(const mote_window_t *w, const mote_stream_t *stream, const int8_t *zero_pixel,
                         const mote_pixel_t *px, const int8_t **taps) {
  const int32_t b = px->b;
  const int32_t y = px->y;
  const int32_t x = px->x;
  int32_t fy;
  int32_t fx;
  for (fy = 0; fy < w->filter_h; fy++) {
    const int32_t in_y = y * w->stride_h - w->pad_top + fy * w->dilation_h;
    for (fx = 0; fx < w->filter_w; fx++) {
      const int32_t in_x = x * w->stride_w - w->pad_left + fx * w->dilation_w;
      const int inside = in_y >= 0 && in_y < w->input_h && in_x >= 0 && in_x < w->input_w;
      taps[fy * w->filter_w + fx] =
          inside ? mote_stream_pixel(stream, (b * w->input_h + in_y) * w->input_w + in_x) : zero_pixel;
    }
  }
}

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

mote_status_t mote_depthwise_conv2d_stream_s8(const mote_depthwise_conv2d_s8_params_t *params, const int8_t *input,
                                              const int8_t *filter, const int32_t *folded_bias, int8_t *output,
                                              int8_t *scratch, int32_t ring_pixels) {
  mote_stream_t stream;
  const mote_status_t status =
      mote_depthwise_stream_check(params, input, filter, folded_bias, output, scratch, ring_pixels, &stream);
  if (status != MOTE_OK) return status;
  mote_depthwise_stream_run(params, &stream, filter, 0, folded_bias, output, scratch);
  return MOTE_OK;
}

mote_status_t mote_depthwise_conv2d_3x3_s8(const mote_depthwise_conv2d_s8_params_t *params, const int8_t *input,
                                           const int8_t *filter, const int32_t *folded_bias, int8_t *output,
                                           int8_t *scratch, int32_t ring_pixels) {
  MOTE_REQUIRE(params != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(params->window.filter_h == 3 && params->window.filter_w == 3, MOTE_ERROR_BAD_SHAPE);
  return mote_depthwise_conv2d_stream_s8(params, input, filter, folded_bias, output, scratch, ring_pixels);
}
