/*
 * CONV_2D with a 1×1 filter and no padding, Cortex-M4/M7 DSP (mote_kernels_gen_s8.h; the portable kernel is
 * kernels/int8/conv2d_1x1_s8.c). Same signature, same bytes, but `filter` is blocked (dsp.h): rows are the
 * output channels, depth input_c. Output pixels are taken two at a time in order (across rows of the image):
 * each input pixel is expanded to int16 once (a VLA of 2 · 2 · depth4 bytes on the stack), then every pair
 * of output channels is a 2×2 block of SMLADs (mote_dsp_gemm). The overlap bookkeeping is the portable
 * kernel's: both pixels are advanced and read before either is written, which only delays writes.
 */
#include "dsp.h"

static mote_status_t check(const mote_conv2d_s8_params_t *params, const int8_t *input, const int8_t *filter,
                           const int32_t *folded_bias, int8_t *output, int8_t *ring, int32_t ring_pixels,
                           mote_stream_t *stream) {
  MOTE_REQUIRE(params != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(params->window.filter_h == 1 && params->window.filter_w == 1 && params->window.pad_top == 0 &&
                   params->window.pad_left == 0,
               MOTE_ERROR_BAD_SHAPE);
  return mote_check_stream_kernel(&params->window, &params->requant, params->window.input_c, input, filter,
                                  folded_bias, output, ring, ring_pixels, stream);
}

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
  const mote_status_t status = check(params, input, filter, folded_bias, output, ring, ring_pixels, &stream);
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
