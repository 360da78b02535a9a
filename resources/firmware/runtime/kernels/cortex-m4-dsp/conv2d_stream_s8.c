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

/* n bytes from `from`, or the zero point when it is NULL: a library call for many, a loop for a few. */
static void copy_pixel(int8_t *to, const int8_t *from, int8_t zero_point, int32_t n) {
  int32_t c;
  if (n >= 8) {
    if (from != NULL) {
      memcpy(to, from, (size_t)n);
    } else {
      memset(to, zero_point, (size_t)n);
    }
  } else {
    for (c = 0; c < n; c++) to[c] = from != NULL ? from[c] : zero_point;
  }
}

/*
 * mote_conv2d_gather with whole pixels copied by memcpy / memset: IC ResNet's patch layers take 3 M fewer
 * instructions than with the portable byte loops (KWS's one-channel first layer keeps a loop). The portable
 * runtime keeps its loops: it calls no library function, whose stack GCC's call graph could not measure
 * (test/core/codegen/c/elf-sizes).
 */
static void gather(const mote_window_t *w, const mote_stream_t *stream, int8_t zero_point, const mote_pixel_t *px,
                   int8_t *patch) {
  int32_t fy;
  int32_t fx;
  for (fy = 0; fy < w->filter_h; fy++) {
    const int32_t in_y = px->y * w->stride_h - w->pad_top + fy * w->dilation_h;
    const int row_inside = in_y >= 0 && in_y < w->input_h;
    for (fx = 0; fx < w->filter_w; fx++) {
      const int32_t in_x = px->x * w->stride_w - w->pad_left + fx * w->dilation_w;
      const int inside = row_inside && in_x >= 0 && in_x < w->input_w;
      const int8_t *from = inside ? mote_stream_pixel(stream, (px->b * w->input_h + in_y) * w->input_w + in_x) : NULL;
      copy_pixel(patch + (fy * w->filter_w + fx) * w->input_c, from, zero_point, w->input_c);
    }
  }
}

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
    const int32_t depth = w->input_c;
    int16x2_t columns[mote_dsp_depth4(depth)];
    mote_pixel_t px = MOTE_PIXEL_START;
    while (mote_stream_next(&stream, w, &px)) {
      int8_t *const out0 = output + px.p * w->output_c;
      const int8_t *const in0 = input_pixel(w, &stream, &px);
      mote_dsp_expand(in0, depth, columns, 4);
      if (!mote_stream_next(&stream, w, &px)) {
        mote_dsp_expand(in0, depth, columns, 2); /* a last pixel alone: one column */
        mote_dsp_gemm(filter, w->output_c, depth, columns, 1, &params->requant, folded_bias, out0, NULL);
        break;
      }
      mote_dsp_expand(input_pixel(w, &stream, &px), depth, columns + 2, 4);
      mote_dsp_gemm(filter, w->output_c, depth, columns, 2, &params->requant, folded_bias, out0,
                    output + px.p * w->output_c);
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
    int16x2_t columns[mote_dsp_depth4(depth)];
    mote_pixel_t px = MOTE_PIXEL_START;
    while (mote_stream_next(&stream, w, &px)) {
      int8_t *const out0 = output + px.p * w->output_c;
      gather(w, &stream, zero_point, &px, patch);
      mote_dsp_expand(patch, depth, columns, 4);
      if (!mote_stream_next(&stream, w, &px)) {
        mote_dsp_expand(patch, depth, columns, 2); /* a last pixel alone: one column */
        mote_dsp_gemm(filter, w->output_c, depth, columns, 1, &params->requant, folded_bias, out0, NULL);
        break;
      }
      gather(w, &stream, zero_point, &px, patch);
      mote_dsp_expand(patch, depth, columns + 2, 4);
      mote_dsp_gemm(filter, w->output_c, depth, columns, 2, &params->requant, folded_bias, out0,
                    output + px.p * w->output_c);
    }
  }
  return MOTE_OK;
}
