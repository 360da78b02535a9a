/* The expanded columns and the 2×2-blocked matrix product of the DSP kernels (see dsp.h). */
#include "dsp.h"

void mote_dsp_expand(const int8_t *values, int32_t depth, int16x2_t *column) {
  int32_t i = 0;
  for (; i + 4 <= depth; i += 4) {
    const uint32_t word = mote_dsp_word(values + i);
    *column++ = mote_dsp_even(word);
    *column++ = mote_dsp_odd(word);
  }
  if (i < depth) {
    uint8_t tail[4] = {0, 0, 0, 0};
    uint32_t word;
    memcpy(tail, values + i, (size_t)(depth - i));
    memcpy(&word, tail, sizeof word);
    *column++ = mote_dsp_even(word);
    *column = mote_dsp_odd(word);
  }
}

/* Two rows (blocked pair at w) against one or two columns. */
static void row_pair(const int8_t *w, int32_t groups, const int16x2_t *x0, const int16x2_t *x1, int32_t acc[4]) {
  int32_t a00 = 0, a01 = 0, a10 = 0, a11 = 0;
  int32_t g;
  if (x1 != NULL) {
#pragma GCC unroll 2
    for (g = 0; g < groups; g++) {
      const uint32_t w0 = mote_dsp_word(w);
      const uint32_t w1 = mote_dsp_word(w + 4);
      const int16x2_t x0e = x0[0], x0o = x0[1], x1e = x1[0], x1o = x1[1];
      int16x2_t we = mote_dsp_even(w0), wo = mote_dsp_odd(w0);
      a00 = __smlad(we, x0e, a00);
      a00 = __smlad(wo, x0o, a00);
      a01 = __smlad(we, x1e, a01);
      a01 = __smlad(wo, x1o, a01);
      we = mote_dsp_even(w1);
      wo = mote_dsp_odd(w1);
      a10 = __smlad(we, x0e, a10);
      a10 = __smlad(wo, x0o, a10);
      a11 = __smlad(we, x1e, a11);
      a11 = __smlad(wo, x1o, a11);
      w += 8;
      x0 += 2;
      x1 += 2;
    }
  } else {
    for (g = 0; g < groups; g++) {
      const uint32_t w0 = mote_dsp_word(w);
      const uint32_t w1 = mote_dsp_word(w + 4);
      a00 = __smlad(mote_dsp_even(w0), x0[0], a00);
      a00 = __smlad(mote_dsp_odd(w0), x0[1], a00);
      a10 = __smlad(mote_dsp_even(w1), x0[0], a10);
      a10 = __smlad(mote_dsp_odd(w1), x0[1], a10);
      w += 8;
      x0 += 2;
    }
  }
  acc[0] = a00;
  acc[1] = a01;
  acc[2] = a10;
  acc[3] = a11;
}

/* The last row of an odd count (4 bytes per group) against one or two columns. */
static void single_row(const int8_t *w, int32_t groups, const int16x2_t *x0, const int16x2_t *x1, int32_t acc[2]) {
  int32_t a0 = 0, a1 = 0;
  int32_t g;
  for (g = 0; g < groups; g++) {
    const uint32_t w0 = mote_dsp_word(w);
    const int16x2_t we = mote_dsp_even(w0), wo = mote_dsp_odd(w0);
    a0 = __smlad(we, x0[0], a0);
    a0 = __smlad(wo, x0[1], a0);
    if (x1 != NULL) {
      a1 = __smlad(we, x1[0], a1);
      a1 = __smlad(wo, x1[1], a1);
      x1 += 2;
    }
    w += 4;
    x0 += 2;
  }
  acc[0] = a0;
  acc[1] = a1;
}

void mote_dsp_gemm(const int8_t *weights, int32_t rows, int32_t depth, const int16x2_t *column0,
                   const int16x2_t *column1, const mote_requant_t *q, const int32_t *folded_bias, int8_t *out0,
                   int8_t *out1) {
  const int32_t groups = mote_dsp_depth4(depth) / 4;
  int32_t acc[4];
  int32_t r = 0;
  for (; r + 1 < rows; r += 2) {
    const mote_dsp_channel_t c0 = mote_dsp_channel(q, folded_bias, r);
    const mote_dsp_channel_t c1 = mote_dsp_channel(q, folded_bias, r + 1);
    row_pair(weights + r * groups * 4, groups, column0, column1, acc);
    out0[r] = mote_dsp_requantize(q, &c0, acc[0]);
    out0[r + 1] = mote_dsp_requantize(q, &c1, acc[2]);
    if (out1 != NULL) {
      out1[r] = mote_dsp_requantize(q, &c0, acc[1]);
      out1[r + 1] = mote_dsp_requantize(q, &c1, acc[3]);
    }
  }
  if (r < rows) {
    const mote_dsp_channel_t c = mote_dsp_channel(q, folded_bias, r);
    single_row(weights + r * groups * 4, groups, column0, column1, acc);
    out0[r] = mote_dsp_requantize(q, &c, acc[0]);
    if (out1 != NULL) out1[r] = mote_dsp_requantize(q, &c, acc[1]);
  }
}
