/*
 * DEPTHWISE_CONV_2D through per-pixel tap pointers (mote_kernels_gen_s8.h). Same bytes as
 * mote_depthwise_conv2d_s8: for output pixel (b, y, x) each tap t = (fy, fx) points at its input pixel (or, in
 * the padding, at a pixel of zero points), and output channel oc = ic · depth_multiplier + m is
 *   acc = Σ_t filter[t, oc] · tap_t[ic]
 *   output = clamp(MBQM(acc + folded_bias[oc], multiplier[oc], shift[oc]) + output_offset)
 * with folded_bias = bias + input_offset · Σ_t filter[t, oc]: a padding tap contributes
 * filter · (zero point + input_offset) = 0. The output may overlap the input (stream.h).
 * `scratch` is the zero-point pixel (input_c bytes) followed by the ring.
 */
#include "depthwise_stream.h"

/* Σ_t filter[t, oc] · taps[t][ic] over any number of taps (the filter's memory chosen outside the loop). */
static int32_t sum_taps(const int8_t *const *taps, int32_t tap_count, const int8_t *filter, int filter_in_ram,
                        int32_t channels, int32_t ic, int32_t oc) {
  const int8_t *f = filter + oc;
  int32_t acc = 0;
  int32_t t;
  if (filter_in_ram) {
    for (t = 0; t < tap_count; t++) acc += (int32_t)f[t * channels] * taps[t][ic];
  } else {
    for (t = 0; t < tap_count; t++) acc += (int32_t)MOTE_READ_WEIGHT_I8(&f[t * channels]) * taps[t][ic];
  }
  return acc;
}

/* The same for exactly nine taps, unrolled: the nine weights are loaded first, then multiplied. */
static int32_t sum_taps_3x3(const int8_t *const *taps, const int8_t *filter, int filter_in_ram, int32_t channels,
                            int32_t ic, int32_t oc) {
  const int8_t *g = filter + oc;
  int32_t f[9];
  int32_t t;
  if (filter_in_ram) {
    for (t = 0; t < 9; t++) f[t] = g[t * channels];
  } else {
    for (t = 0; t < 9; t++) f[t] = MOTE_READ_WEIGHT_I8(&g[t * channels]);
  }
  return f[0] * taps[0][ic] + f[1] * taps[1][ic] + f[2] * taps[2][ic] + f[3] * taps[3][ic] + f[4] * taps[4][ic] +
         f[5] * taps[5][ic] + f[6] * taps[6][ic] + f[7] * taps[7][ic] + f[8] * taps[8][ic];
}

void mote_depthwise_stream_run(const mote_depthwise_conv2d_s8_params_t *params, mote_stream_t *stream,
                               const int8_t *filter, int filter_in_ram, const int32_t *folded_bias, int8_t *output,
                               int8_t *zero_pixel) {
  const mote_window_t *w = &params->window;
  const int32_t tap_count = w->filter_h * w->filter_w;
  const int unrolled = w->filter_h == 3 && w->filter_w == 3;
  const int8_t *taps[MOTE_DEPTHWISE_MAX_TAPS];
  mote_pixel_t px = MOTE_PIXEL_START;
  int32_t c;
  for (c = 0; c < w->input_c; c++) zero_pixel[c] = (int8_t)(-params->requant.input_offset);
  while (mote_stream_next(stream, w, &px)) {
    int8_t *out = output + px.p * w->output_c;
    int32_t ic;
    int32_t m;
    mote_depthwise_taps(w, stream, zero_pixel, &px, taps);
    for (ic = 0; ic < w->input_c; ic++) {
      for (m = 0; m < params->depth_multiplier; m++) {
        const int32_t oc = ic * params->depth_multiplier + m;
        const int32_t acc = unrolled ? sum_taps_3x3(taps, filter, filter_in_ram, w->output_c, ic, oc)
                                     : sum_taps(taps, tap_count, filter, filter_in_ram, w->output_c, ic, oc);
        out[oc] = mote_requantize_folded(&params->requant, folded_bias, oc, acc);
      }
    }
  }
}
