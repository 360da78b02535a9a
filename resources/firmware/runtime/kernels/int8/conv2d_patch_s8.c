/*
 * CONV_2D, any window, through a per-pixel patch (mote_kernels_gen_s8.h). Same bytes as mote_conv2d_s8: for
 * each output pixel the window is gathered into patch[fy, fx, ic] (a tap in the padding holds the input zero
 * point, −input_offset), then for each output channel
 *   acc = Σ_i filter[oc, i] · patch[i]                                (i over filter_h · filter_w · input_c)
 *   output = clamp(MBQM(acc + folded_bias[oc], multiplier[oc], shift[oc]) + output_offset)
 * with folded_bias = bias + input_offset · Σ_i filter[oc, i]: a padding tap contributes
 * filter · (zero point + input_offset) = 0, as in the portable kernel. The output may overlap the input.
 */
#include "conv_stream.h"

mote_status_t mote_conv2d_patch_check(const mote_conv2d_s8_params_t *params, const int8_t *input, const void *filter,
                                      const int32_t *folded_bias, int8_t *output, const int8_t *patch, int8_t *ring,
                                      int32_t ring_pixels, mote_stream_t *stream) {
  const mote_window_t *w;
  uint32_t patch_bytes;
  mote_status_t status;
  MOTE_REQUIRE(params != NULL && patch != NULL, MOTE_ERROR_NULL_POINTER);
  w = &params->window;
  MOTE_REQUIRE(mote_taps_fit_int32(w->filter_h, w->filter_w, w->input_c), MOTE_ERROR_OVERFLOW);
  status = mote_check_stream_kernel(w, &params->requant, w->filter_h * w->filter_w * w->input_c, input, filter,
                                    folded_bias, output, ring, ring_pixels, stream);
  if (status != MOTE_OK) return status;
  patch_bytes = (uint32_t)(w->filter_h * w->filter_w * w->input_c);
  MOTE_REQUIRE(mote_scratch_is_free(patch, patch_bytes, w, input, output) &&
                   (ring_pixels == 0 ||
                    !mote_overlaps(patch, patch_bytes, ring, (uint32_t)ring_pixels * (uint32_t)w->input_c)),
               MOTE_ERROR_OVERLAP);
  return MOTE_OK;
}

void mote_conv2d_gather(const mote_window_t *w, const mote_stream_t *stream, int8_t zero_point,
                        const mote_pixel_t *px, int8_t *patch) {
  const int32_t b = px->b;
  const int32_t y = px->y;
  const int32_t x = px->x;
  int32_t fy;
  int32_t fx;
  int32_t c;
  for (fy = 0; fy < w->filter_h; fy++) {
    const int32_t in_y = y * w->stride_h - w->pad_top + fy * w->dilation_h;
    for (fx = 0; fx < w->filter_w; fx++) {
      const int32_t in_x = x * w->stride_w - w->pad_left + fx * w->dilation_w;
      int8_t *to = patch + (fy * w->filter_w + fx) * w->input_c;
      if (in_y < 0 || in_y >= w->input_h || in_x < 0 || in_x >= w->input_w) {
        for (c = 0; c < w->input_c; c++) to[c] = zero_point;
      } else {
        const int8_t *from = mote_stream_pixel(stream, (b * w->input_h + in_y) * w->input_w + in_x);
        for (c = 0; c < w->input_c; c++) to[c] = from[c];
      }
    }
  }
}

void mote_conv2d_patch_run(const mote_conv2d_s8_params_t *params, mote_stream_t *stream, const int8_t *filter,
                           int filter_in_ram, const int32_t *folded_bias, int8_t *output, int8_t *patch) {
  const mote_window_t *w = &params->window;
  const int32_t patch_size = w->filter_h * w->filter_w * w->input_c;
  const int8_t zero_point = (int8_t)(-params->requant.input_offset);
  mote_pixel_t px = MOTE_PIXEL_START;
  while (mote_stream_next(stream, w, &px)) {
    int8_t *out = output + px.p * w->output_c;
    int32_t oc;
    mote_conv2d_gather(w, stream, zero_point, &px, patch);
    for (oc = 0; oc < w->output_c; oc++) {
      const int32_t acc = mote_dot_s8(filter + oc * patch_size, filter_in_ram, patch, patch_size);
      out[oc] = mote_requantize_folded(&params->requant, folded_bias, oc, acc);
    }
  }
}
