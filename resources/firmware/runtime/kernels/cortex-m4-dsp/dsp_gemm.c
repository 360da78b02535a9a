/* The expanded columns and the 2×2-blocked matrix product of the DSP kernels (see dsp.h). */
#include "dsp.h"

void mote_dsp_expand(const int8_t *values, int32_t depth, int16x2_t *column, int32_t step) {
  int32_t i = 0;
  for (; i + 4 <= depth; i += 4) {
    const uint32_t word = mote_dsp_word(values + i);
    column[0] = mote_dsp_even(word);
    column[1] = mote_dsp_odd(word);
    column += step;
  }
  if (i < depth) {
    uint8_t tail[4] = {0, 0, 0, 0};
    uint32_t word;
    memcpy(tail, values + i, (size_t)(depth - i));
    memcpy(&word, tail, sizeof word);
    column[0] = mote_dsp_even(word);
    column[1] = mote_dsp_odd(word);
  }
}

/*
 * Two rows (blocked pair at w) against two interleaved columns: per group x holds (col0 even, col0 odd,
 * col1 even, col1 odd). One pointer per operand keeps the 4 accumulators, 4 inputs and 2 weights in registers.
 */
static void row_pair_2x2(const int8_t *w, int32_t groups, const int16x2_t *x, int32_t acc[4]) {
  int32_t a00 = 0, a01 = 0, a10 = 0, a11 = 0;
  const int16x2_t *const end = x + 4 * groups;
#pragma GCC unroll 2
  while (x < end) {
    const int16x2_t x0e = x[0], x0o = x[1], x1e = x[2], x1o = x[3];
    uint32_t k = mote_dsp_word(w);
    int16x2_t ke = mote_dsp_even(k), ko = mote_dsp_odd(k);
    a00 = __smlad(ke, x0e, a00);
    a00 = __smlad(ko, x0o, a00);
    a01 = __smlad(ke, x1e, a01);
    a01 = __smlad(ko, x1o, a01);
    k = mote_dsp_word(w + 4);
    ke = mote_dsp_even(k);
    ko = mote_dsp_odd(k);
    a10 = __smlad(ke, x0e, a10);
    a10 = __smlad(ko, x0o, a10);
    a11 = __smlad(ke, x1e, a11);
    a11 = __smlad(ko, x1o, a11);
    w += 8;
    x += 4;
  }
  acc[0] = a00;
  acc[1] = a01;
  acc[2] = a10;
  acc[3] = a11;
}

/*
 * One or two rows (`pair`) against one or two columns (`columns`, interleaved when two), the general case:
 * row tails and column tails. acc[2·row + column].
 */
static void rows_general(const int8_t *w, int32_t groups, int pair, const int16x2_t *x, int32_t columns,
                         int32_t acc[4]) {
  const int32_t step = 2 * columns;
  int32_t g;
  int32_t r;
  int32_t c;
  for (r = 0; r < 4; r++) acc[r] = 0;
  for (g = 0; g < groups; g++) {
    for (r = 0; r <= pair; r++) {
      const uint32_t k = mote_dsp_word(w + 4 * r);
      const int16x2_t ke = mote_dsp_even(k), ko = mote_dsp_odd(k);
      for (c = 0; c < columns; c++) {
        acc[2 * r + c] = __smlad(ke, x[2 * c], acc[2 * r + c]);
        acc[2 * r + c] = __smlad(ko, x[2 * c + 1], acc[2 * r + c]);
      }
    }
    w += pair ? 8 : 4;
    x += step;
  }
}

void mote_dsp_gemm(const int8_t *weights, int32_t rows, int32_t depth, const int16x2_t *columns,
                   int32_t column_count, const mote_requant_t *q, const int32_t *folded_bias, int8_t *out0,
                   int8_t *out1) {
  const int32_t groups = mote_dsp_depth4(depth) / 4;
  const mote_dsp_output_t o = mote_dsp_output(q);
  int32_t acc[4];
  int32_t r = 0;
  for (; r < rows; r += 2) {
    const int pair = r + 1 < rows;
    const mote_dsp_channel_t c0 = mote_dsp_channel(q, folded_bias, r);
    if (pair && column_count == 2) {
      row_pair_2x2(weights + r * groups * 4, groups, columns, acc);
    } else {
      rows_general(weights + r * groups * 4, groups, pair, columns, column_count, acc);
    }
    out0[r] = mote_dsp_requantize(o, c0, acc[0]);
    if (column_count == 2) out1[r] = mote_dsp_requantize(o, c0, acc[1]);
    if (pair) {
      const mote_dsp_channel_t c1 = mote_dsp_channel(q, folded_bias, r + 1);
      out0[r + 1] = mote_dsp_requantize(o, c1, acc[2]);
      if (column_count == 2) out1[r + 1] = mote_dsp_requantize(o, c1, acc[3]);
    }
  }
}
