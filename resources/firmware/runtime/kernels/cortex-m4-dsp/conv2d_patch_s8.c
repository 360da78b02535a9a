/*
 * CONV_2D, any window, through a per-pixel patch, Cortex-M4/M7 DSP (mote_kernels_gen_s8.h; the portable
 * kernel is kernels/int8/conv2d_patch_s8.c). Same signature, same bytes, but `filter` is blocked (dsp.h):
 * rows are the output channels, depth filter_h · filter_w · input_c. Two output pixels at a time: each window
 * is gathered into `patch` (the padding as the zero point) and expanded to int16 (a VLA of 2 · 2 · depth4 bytes on the
 * stack, the two pixels interleaved), then every pair of output channels is a 2×2 block of SMLADs. Suits the first layer.
 */
#include "dsp.h"

static mote_status_t check(const mote_conv2d_s8_params_t *params, const int8_t *input, const int8_t *filter,
                           const int32_t *folded_bias, int8_t *output, const int8_t *patch, int8_t *ring,
                           int32_t ring_pixels, mote_stream_t *stream) {
  const mote_window_t *w;
  mote_status_t status;
  MOTE_REQUIRE(params != NULL && patch != NULL, MOTE_ERROR_NULL_POINTER);
  w = &params->window;
  MOTE_REQUIRE(mote_taps_fit_int32(w->filter_h, w->filter_w, w->input_c), MOTE_ERROR_OVERFLOW);
  status = mote_check_stream_kernel(w, &params->requant, w->filter_h * w->filter_w * w->input_c, input, filter,
                                    folded_bias, output, ring, ring_pixels, stream);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(mote_scratch_is_free(patch, (uint32_t)(w->filter_h * w->filter_w * w->input_c), w, input, output) &&
                   (ring_pixels == 0 ||
                    !mote_overlaps(patch, (uint32_t)(w->filter_h * w->filter_w * w->input_c), ring,
                                   (uint32_t)ring_pixels * (uint32_t)w->input_c)),
               MOTE_ERROR_OVERLAP);
  return MOTE_OK;
}

/* Advances the stream to output pixel p and copies its window into the patch, the padding as the zero point. */
static void gather(const mote_window_t *w, mote_stream_t *stream, int8_t zero_point, int32_t p, int8_t *patch) {
  const int32_t x = p % w->output_w;
  const int32_t by = p / w->output_w;
  const int32_t y = by % w->output_h;
  const int32_t b = by / w->output_h;
  int32_t fy;
  int32_t fx;
  mote_stream_advance(stream, p, mote_stream_keep_from(w, b, y));
  for (fy = 0; fy < w->filter_h; fy++) {
    const int32_t in_y = y * w->stride_h - w->pad_top + fy * w->dilation_h;
    const int row_inside = in_y >= 0 && in_y < w->input_h;
    for (fx = 0; fx < w->filter_w; fx++) {
      const int32_t in_x = x * w->stride_w - w->pad_left + fx * w->dilation_w;
      int8_t *to = patch + (fy * w->filter_w + fx) * w->input_c;
      if (!row_inside || in_x < 0 || in_x >= w->input_w) {
        memset(to, zero_point, (size_t)w->input_c);
      } else {
        memcpy(to, mote_stream_pixel(stream, (b * w->input_h + in_y) * w->input_w + in_x), (size_t)w->input_c);
      }
    }
  }
}

mote_status_t mote_conv2d_patch_s8(const mote_conv2d_s8_params_t *params, const int8_t *input, const int8_t *filter,
                                   const int32_t *folded_bias, int8_t *output, int8_t *patch, int8_t *ring,
                                   int32_t ring_pixels) {
  mote_stream_t stream;
  const mote_status_t status =
      check(params, input, filter, folded_bias, output, patch, ring, ring_pixels, &stream);
  if (status != MOTE_OK) return status;
  {
    const mote_window_t *w = &params->window;
    const int32_t depth = w->filter_h * w->filter_w * w->input_c;
    const int32_t pixels = w->batches * w->output_h * w->output_w;
    const int8_t zero_point = (int8_t)(-params->requant.input_offset);
    int16x2_t columns[mote_dsp_depth4(depth)];
    int32_t p = 0;
    for (; p + 1 < pixels; p += 2) {
      gather(w, &stream, zero_point, p, patch);
      mote_dsp_expand(patch, depth, columns, 4);
      gather(w, &stream, zero_point, p + 1, patch);
      mote_dsp_expand(patch, depth, columns + 2, 4);
      mote_dsp_gemm(filter, w->output_c, depth, columns, 2, &params->requant, folded_bias,
                    output + p * w->output_c, output + (p + 1) * w->output_c);
    }
    if (p < pixels) {
      gather(w, &stream, zero_point, p, patch);
      mote_dsp_expand(patch, depth, columns, 2);
      mote_dsp_gemm(filter, w->output_c, depth, columns, 1, &params->requant, folded_bias,
                    output + p * w->output_c, NULL);
    }
  }
  return MOTE_OK;
}
