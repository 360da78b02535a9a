/*
 * DEPTHWISE_CONV_2D through per-pixel tap pointers, Cortex-M4/M7 DSP (mote_kernels_gen_s8.h; the portable
 * file is kernels/int8/depthwise_conv2d_stream_s8.c; both hold only mote_depthwise_stream_run, the entry
 * points and checks are kernels/int8/depthwise_stream.c). Same
 * signature, same bytes, same filter layout ([1, filter_h, filter_w, C_out]: the 4 weights of channels
 * c … c + 3 at one tap are one word, as are the 4 input values of a tap pixel). With a depth multiplier of 1,
 * channels go four at a time: for each tap one word of input and one of weights, each split by SXTB16 into
 * even and odd halves, and SMLABB/SMLATT add the four products into four accumulators. The last input_c % 4
 * channels, and any depth multiplier above 1, take the scalar loop.
 */
#include "../int8/depthwise_stream.h"
#include "dsp.h"

/* Channels c … c + 3 over every tap, requantized into out[c … c + 3] (depth multiplier 1). */
static inline __attribute__((always_inline)) void four_channels(const mote_depthwise_conv2d_s8_params_t *params,
                                                                mote_dsp_output_t o, const int8_t *const *taps,
                                                                int32_t tap_count, const int8_t *filter,
                                                                const int32_t *folded_bias, int32_t stride, int32_t c,
                                                                int8_t *out) {
  const int8_t *f = filter + c;
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  int32_t t;
  /* The 3×3 case unrolled: nine taps in straight line. */
#pragma GCC unroll 9
  for (t = 0; t < tap_count; t++) {
    const uint32_t x = mote_dsp_word(taps[t] + c);
    const uint32_t k = mote_dsp_word(f);
    const int16x2_t xe = mote_dsp_even(x), xo = mote_dsp_odd(x), ke = mote_dsp_even(k), ko = mote_dsp_odd(k);
    a0 = __smlabb(xe, ke, a0);
    a2 = __smlatt(xe, ke, a2);
    a1 = __smlabb(xo, ko, a1);
    a3 = __smlatt(xo, ko, a3);
    f += stride;
  }
  {
    const int32_t acc[4] = {a0, a1, a2, a3};
    int32_t i;
    for (i = 0; i < 4; i++) {
      const mote_dsp_channel_t ch = mote_dsp_channel(&params->requant, folded_bias, c + i);
      out[c + i] = mote_dsp_requantize(o, ch, acc[i]);
    }
  }
}

/* Output channel oc = ic · depth_multiplier + m over every tap, one product at a time. */
static int8_t one_channel(const mote_depthwise_conv2d_s8_params_t *params, const int8_t *const *taps,
                          int32_t tap_count, const int8_t *filter, const int32_t *folded_bias, int32_t ic,
                          int32_t oc) {
  const mote_dsp_channel_t ch = mote_dsp_channel(&params->requant, folded_bias, oc);
  int32_t acc = 0;
  int32_t t;
  for (t = 0; t < tap_count; t++) acc += (int32_t)filter[t * params->window.output_c + oc] * taps[t][ic];
  return mote_dsp_requantize(mote_dsp_output(&params->requant), ch, acc);
}

/* filter_in_ram makes no difference here: on a Cortex-M, weight memory is memory. */
void mote_depthwise_stream_run(const mote_depthwise_conv2d_s8_params_t *params, mote_stream_t *stream,
                               const int8_t *filter, int filter_in_ram, const int32_t *folded_bias, int8_t *output,
                               int8_t *zero_pixel) {
  const mote_window_t *w = &params->window;
  const int32_t tap_count = w->filter_h * w->filter_w;
  const int32_t simd_channels = params->depth_multiplier == 1 ? w->input_c & ~3 : 0;
  const mote_dsp_output_t o = mote_dsp_output(&params->requant);
  const int32_t stride = w->output_c;
  const int8_t *taps[MOTE_DEPTHWISE_MAX_TAPS];
  mote_pixel_t px = MOTE_PIXEL_START;
  (void)filter_in_ram;
  memset(zero_pixel, (int8_t)(-params->requant.input_offset), (size_t)w->input_c);
  while (mote_stream_next(stream, w, &px)) {
    int8_t *out = output + px.p * w->output_c;
    int32_t ic;
    mote_depthwise_taps(w, stream, zero_pixel, &px, taps);
    if (tap_count == 9) {
      for (ic = 0; ic < simd_channels; ic += 4) four_channels(params, o, taps, 9, filter, folded_bias, stride, ic, out);
    } else {
      for (ic = 0; ic < simd_channels; ic += 4)
        four_channels(params, o, taps, tap_count, filter, folded_bias, stride, ic, out);
    }
    for (; ic < w->input_c; ic++) {
      int32_t m;
      for (m = 0; m < params->depth_multiplier; m++) {
        const int32_t oc = ic * params->depth_multiplier + m;
        out[oc] = one_channel(params, taps, tap_count, filter, folded_bias, ic, oc);
      }
    }
  }
}
