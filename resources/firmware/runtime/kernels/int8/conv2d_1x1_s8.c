/*
 * CONV_2D with a 1×1 filter and no padding, as a matrix product (mote_kernels_gen_s8.h). Same bytes as
 * mote_conv2d_s8: for output pixel (b, y, x) reading input pixel (b, y·stride_h, x·stride_w),
 *   acc = Σ_ic filter[oc, ic] · input[ic]                          (no padding: every tap is inside)
 *   output = clamp(MBQM(acc + folded_bias[oc], multiplier[oc], shift[oc]) + output_offset)
 * with folded_bias = bias + input_offset · Σ_ic filter[oc, ic]. The output may overlap the input (stream.h).
 */
#include "conv_stream.h"

int32_t mote_dot_s8(const int8_t *f, int filter_in_ram, const int8_t *x, int32_t n) {
  int32_t acc = 0;
  int32_t i;
  if (filter_in_ram) {
    for (i = 0; i < n; i++) acc += (int32_t)f[i] * x[i];
  } else {
    for (i = 0; i < n; i++) acc += (int32_t)MOTE_READ_WEIGHT_I8(&f[i]) * x[i];
  }
  return acc;
}

mote_status_t mote_conv2d_1x1_check(const mote_conv2d_s8_params_t *params, const int8_t *input, const void *filter,
                                    const int32_t *folded_bias, int8_t *output, int8_t *ring, int32_t ring_pixels,
                                    mote_stream_t *stream) {
  MOTE_REQUIRE(params != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(params->window.filter_h == 1 && params->window.filter_w == 1 && params->window.pad_top == 0 &&
                   params->window.pad_left == 0,
               MOTE_ERROR_BAD_SHAPE);
  return mote_check_stream_kernel(&params->window, &params->requant, params->window.input_c, input, filter,
                                  folded_bias, output, ring, ring_pixels, stream);
}

void mote_conv2d_1x1_run(const mote_conv2d_s8_params_t *params, mote_stream_t *stream, const int8_t *filter,
                         int filter_in_ram, const int32_t *folded_bias, int8_t *output) {
  const mote_window_t *w = &params->window;
  mote_pixel_t px = MOTE_PIXEL_START;
  while (mote_stream_next(stream, w, &px)) {
    const int32_t q = (px.b * w->input_h + px.y * w->stride_h) * w->input_w + px.x * w->stride_w;
    const int8_t *in = mote_stream_pixel(stream, q);
    int8_t *out = output + px.p * w->output_c;
    int32_t oc;
    for (oc = 0; oc < w->output_c; oc++) {
      const int32_t acc = mote_dot_s8(filter + oc * w->input_c, filter_in_ram, in, w->input_c);
      out[oc] = mote_requantize_folded(&params->requant, folded_bias, oc, acc);
    }
  }
}
