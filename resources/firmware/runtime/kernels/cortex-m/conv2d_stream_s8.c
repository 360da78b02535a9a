/*
 * The stream convolutions' entry points, Cortex-M0+/M3 (mote_kernels_gen_s8.h; the portable file is
 * kernels/int8/conv2d_stream_s8.c, whose two functions these replace; the checks, the gather and the overlap
 * bookkeeping are the portable ones). Same signatures, same bytes, but `filter` is blocked (blocked.h): rows
 * are the output channels, depth input_c (1×1) or filter_h · filter_w · input_c (patch). Output pixels go two
 * at a time through the 2×2-blocked product: both are advanced and read before either is written, which only
 * delays writes. The first pixel's input (1×1) or patch is copied to the stack (a C99 VLA of depth4 bytes)
 * before the second is advanced: advancing may destroy it.
 */
#include <string.h>

#include "../int8/conv_stream.h"
#include "blocked.h"

/* The input pixel of 1×1 output pixel px, as the kernel must read it now. */
static const int8_t *input_pixel(const mote_window_t *w, const mote_stream_t *stream, const mote_pixel_t *px) {
  return mote_stream_pixel(stream, (px->b * w->input_h + px->y * w->stride_h) * w->input_w + px->x * w->stride_w);
}

mote_status_t mote_conv2d_1x1_s8(const mote_conv2d_s8_params_t *params, const int8_t *input, const int8_t *filter,
                                 const int32_t *folded_bias, int8_t *output, int8_t *ring, int32_t ring_pixels) {
  mote_stream_t stream;
  const mote_status_t status =
      mote_conv2d_1x1_check(params, input, filter, folded_bias, output, ring, ring_pixels, &stream);
  if (status != MOTE_OK) return status;
  {
    const mote_window_t *w = &params->window;
    int8_t first[mote_blocked_depth4(w->input_c)];
    mote_pixel_t px = MOTE_PIXEL_START;
    while (mote_stream_next(&stream, w, &px)) {
      int8_t *const out0 = output + px.p * w->output_c;
      int second;
      memcpy(first, input_pixel(w, &stream, &px), (size_t)w->input_c);
      second = mote_stream_next(&stream, w, &px);
      mote_blocked_gemm(filter, w->output_c, w->input_c, first, second ? input_pixel(w, &stream, &px) : NULL,
                        &params->requant, folded_bias, out0, second ? output + px.p * w->output_c : NULL);
      if (!second) break;
    }
  }
  return MOTE_OK;
}

mote_status_t mote_conv2d_patch_s8(const mote_conv2d_s8_params_t *params, const int8_t *input, const int8_t *filter,
                                   const int32_t *folded_bias, int8_t *output, int8_t *patch, int8_t *ring,
                                   int32_t ring_pixels) {
  mote_stream_t stream;
  const mote_status_t status =
      mote_conv2d_patch_check(params, input, filter, folded_bias, output, patch, ring, ring_pixels, &stream);
  if (status != MOTE_OK) return status;
  {
    const mote_window_t *w = &params->window;
    const int32_t depth = w->filter_h * w->filter_w * w->input_c;
    const int8_t zero_point = (int8_t)(-params->requant.input_offset);
    int8_t first[mote_blocked_depth4(depth)];
    mote_pixel_t px = MOTE_PIXEL_START;
    while (mote_stream_next(&stream, w, &px)) {
      int8_t *const out0 = output + px.p * w->output_c;
      int second;
      mote_conv2d_gather(w, &stream, zero_point, &px, first);
      second = mote_stream_next(&stream, w, &px);
      if (second) mote_conv2d_gather(w, &stream, zero_point, &px, patch);
      mote_blocked_gemm(filter, w->output_c, depth, first, second ? patch : NULL, &params->requant, folded_bias,
                        out0, second ? output + px.p * w->output_c : NULL);
      if (!second) break;
    }
  }
  return MOTE_OK;
}
