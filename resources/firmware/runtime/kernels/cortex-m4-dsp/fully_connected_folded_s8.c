/*
 * FULLY_CONNECTED with a folded bias, Cortex-M4/M7 DSP (mote_kernels_gen_s8.h; the portable kernel is
 * kernels/int8/fully_connected_folded_s8.c). Same signature, same bytes, but `weights` is blocked (dsp.h):
 * rows are the units, depth the input depth. Units go two at a time: for each group of 4 inputs one word of
 * input split by SXTB16 (read once for both units), one word of each unit's weights, four SMLADs. No
 * buffer: the input is expanded as it is read, so the stack holds nothing of the layer's size.
 */
#include "dsp.h"

/* The input group g (4 values, zero past depth) as one word. */
static uint32_t input_word(const int8_t *in, int32_t depth, int32_t g) {
  const int32_t i = g * 4;
  if (i + 4 <= depth) return mote_dsp_word(in + i);
  {
    uint8_t tail[4] = {0, 0, 0, 0};
    uint32_t word;
    memcpy(tail, in + i, (size_t)(depth - i));
    memcpy(&word, tail, sizeof word);
    return word;
  }
}

/* Σ over the groups of two blocked rows (or one, when `pair` is 0) against one input. */
static void dot_rows(const int8_t *w, const int8_t *in, int32_t depth, int pair, int32_t acc[2]) {
  const int32_t groups = mote_dsp_depth4(depth) / 4;
  const int32_t whole = depth / 4;
  int32_t a0 = 0, a1 = 0;
  int32_t g = 0;
  if (pair) {
    /* The hot loop: whole groups of a row pair, one input word shared by both rows. */
    for (; g < whole; g++) {
      const uint32_t x = mote_dsp_word(in + 4 * g);
      const int16x2_t xe = mote_dsp_even(x), xo = mote_dsp_odd(x);
      const uint32_t k0 = mote_dsp_word(w);
      const uint32_t k1 = mote_dsp_word(w + 4);
      a0 = __smlad(mote_dsp_even(k0), xe, a0);
      a0 = __smlad(mote_dsp_odd(k0), xo, a0);
      a1 = __smlad(mote_dsp_even(k1), xe, a1);
      a1 = __smlad(mote_dsp_odd(k1), xo, a1);
      w += 8;
    }
  }
  for (; g < groups; g++) {
    const uint32_t x = input_word(in, depth, g);
    const int16x2_t xe = mote_dsp_even(x), xo = mote_dsp_odd(x);
    const uint32_t k0 = mote_dsp_word(w);
    a0 = __smlad(mote_dsp_even(k0), xe, a0);
    a0 = __smlad(mote_dsp_odd(k0), xo, a0);
    if (pair) {
      const uint32_t k1 = mote_dsp_word(w + 4);
      a1 = __smlad(mote_dsp_even(k1), xe, a1);
      a1 = __smlad(mote_dsp_odd(k1), xo, a1);
      w += 8;
    } else {
      w += 4;
    }
  }
  acc[0] = a0;
  acc[1] = a1;
}

mote_status_t mote_fully_connected_folded_s8(const mote_fully_connected_s8_params_t *params, const int8_t *input,
                                             const int8_t *weights, const int32_t *folded_bias, int8_t *output) {
  const mote_status_t status = mote_fully_connected_check(params, input, weights, folded_bias, output);
  const int32_t row_bytes = mote_dsp_depth4(params->depth);
  const mote_dsp_output_t o = mote_dsp_output(&params->requant);
  int32_t b;
  if (status != MOTE_OK) return status;
  for (b = 0; b < params->batches; b++) {
    const int8_t *in = input + b * params->depth;
    int8_t *out = output + b * params->units;
    int32_t unit = 0;
    int32_t acc[2];
    for (; unit < params->units; unit += 2) {
      const int pair = unit + 1 < params->units;
      const mote_dsp_channel_t c0 = mote_dsp_channel(&params->requant, folded_bias, unit);
      dot_rows(weights + unit * row_bytes, in, params->depth, pair, acc);
      out[unit] = mote_dsp_requantize(o, c0, acc[0]);
      if (pair) {
        const mote_dsp_channel_t c1 = mote_dsp_channel(&params->requant, folded_bias, unit + 1);
        out[unit + 1] = mote_dsp_requantize(o, c1, acc[1]);
      }
    }
  }
  return MOTE_OK;
}
