/*
 * The stream convolutions' entry points, Cortex-M4/M7 DSP (mote_kernels_gen_s8.h; the portable file is
 * kernels/int8/conv2d_stream_s8.c, whose two functions these replace; the checks are the portable ones in
 * conv2d_1x1_s8.c / conv2d_patch_s8.c). Same signatures, same bytes, but `filter` is blocked (dsp.h): rows are
 * the output channels, depth input_c (1×1) or filter_h · filter_w · input_c (patch).
 *
 * Output pixels are taken two at a time in order (across rows of the image): each input pixel, or each window
 * gathered into `patch` (the padding as the zero point), is expanded to int16 once into a VLA of
 * 2 · 2 · depth4 bytes on the stack, the two pixels interleaved; then every pair of output channels is a 2×2
 * block of SMLADs (mote_dsp_gemm). The overlap bookkeeping is the portable kernels': both pixels are advanced
 * and read before either is written, which only delays writes.
 */
#include "../int8/conv_stream.h"
#include "dsp.h"

/* Where output pixel p reads: its input pixel and the first input pixel any later output still reads. */
static const int8_t *read_pixel(const mote_window_t *w, mote_stream_t *stream, int32_t p) {
  const int32_t x = p % w->output_w;
  const int32_t by = p / w->output_w;
  const int32_t y = by % w->output_h;
  const int32_t b = by / w->output_h;
  mote_stream_advance(stream, p, mote_stream_keep_from(w, b, y));
  return mote_stream_pixel(stream, (b * w->input_h + y * w->stride_h) * w->input_w + x * w->stride_w);
}

mote_status_t mote_conv2d_1x1_s8(const mote_conv2d_s8_params_t *params, const int8_t *input, const int8_t *filter,
                                 const int32_t *folded_bias, int8_t *output, int8_t *ring, int32_t ring_pixels) {
  mote_stream_t stream;
  const mote_status_t status =
      mote_conv2d_1x1_check(params, input, filter, folded_bias, output, ring, ring_pixels, &stream);
  if (status != MOTE_OK) return status;
  {
    const mote_window_t *w = &params->window;
    const int32_t depth = w->input_c;
    const int32_t pixels = w->batches * w->output_h * w->output_w;
    int16x2_t columns[mote_dsp_depth4(depth)];
    int32_t p = 0;
    for (; p + 1 < pixels; p += 2) {
      mote_dsp_expand(read_pixel(w, &stream, p), depth, columns, 4);
      mote_dsp_expand(read_pixel(w, &stream, p + 1), depth, columns + 2, 4);
      mote_dsp_gemm(filter, w->output_c, depth, columns, 2, &params->requant, folded_bias,
                    output + p * w->output_c, output + (p + 1) * w->output_c);
    }
    if (p < pixels) {
      mote_dsp_expand(read_pixel(w, &stream, p), depth, columns, 2);
      mote_dsp_gemm(filter, w->output_c, depth, columns, 1, &params->requant, folded_bias,
                    output + p * w->output_c, NULL);
    }
  }
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
      mote_conv2d_patch_check(params, input, filter, folded_bias, output, patch, ring, ring_pixels, &stream);
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
