/* The 2×2-blocked int8 matrix product of the Cortex-M0+/M3 kernels (see blocked.h). */
#include "blocked.h"

/* Rows r and r + 1 (the blocked pair at w) against x0 and x1: acc = (r·x0, r·x1, (r+1)·x0, (r+1)·x1). */
static void row_pair_2x2(const int8_t *w, int32_t depth, const int8_t *x0, const int8_t *x1, int32_t acc[4]) {
  int32_t a00 = 0, a01 = 0, a10 = 0, a11 = 0;
  int32_t i = 0;
  int32_t k;
  for (; i + 4 <= depth; i += 4) {
    for (k = 0; k < 4; k++) {
      const int32_t v0 = x0[i + k], v1 = x1[i + k], k0 = w[k], k1 = w[4 + k];
      a00 += k0 * v0;
      a01 += k0 * v1;
      a10 += k1 * v0;
      a11 += k1 * v1;
    }
    w += 8;
  }
  for (k = 0; i + k < depth; k++) {
    const int32_t v0 = x0[i + k], v1 = x1[i + k], k0 = w[k], k1 = w[4 + k];
    a00 += k0 * v0;
    a01 += k0 * v1;
    a10 += k1 * v0;
    a11 += k1 * v1;
  }
  acc[0] = a00;
  acc[1] = a01;
  acc[2] = a10;
  acc[3] = a11;
}

/* Rows r and r + 1 (the blocked pair at w) against one input x: acc = (r·x, (r+1)·x). */
static void row_pair_2x1(const int8_t *w, int32_t depth, const int8_t *x, int32_t acc[2]) {
  int32_t a0 = 0, a1 = 0;
  int32_t i = 0;
  int32_t k;
  for (; i + 4 <= depth; i += 4) {
    for (k = 0; k < 4; k++) {
      const int32_t v = x[i + k];
      a0 += w[k] * v;
      a1 += w[4 + k] * v;
    }
    w += 8;
  }
  for (k = 0; i + k < depth; k++) {
    a0 += w[k] * x[i + k];
    a1 += w[4 + k] * x[i + k];
  }
  acc[0] = a0;
  acc[1] = a1;
}

/* A lone last row (4 bytes per group) against x. */
static int32_t last_row(const int8_t *w, int32_t depth, const int8_t *x) {
  int32_t acc = 0;
  int32_t i;
  for (i = 0; i < depth; i++) acc += w[i] * x[i];
  return acc;
}

void mote_blocked_gemm(const int8_t *weights, int32_t rows, int32_t depth, const int8_t *x0, const int8_t *x1,
                       const mote_requant_t *q, const int32_t *folded_bias, int8_t *out0, int8_t *out1) {
  const int32_t row_bytes = mote_blocked_depth4(depth);
  int32_t r = 0;
  if (x1 != NULL) {
    for (; r + 1 < rows; r += 2) {
      int32_t acc[4];
      row_pair_2x2(weights + r * row_bytes, depth, x0, x1, acc);
      out0[r] = mote_requantize_folded(q, folded_bias, r, acc[0]);
      out1[r] = mote_requantize_folded(q, folded_bias, r, acc[1]);
      out0[r + 1] = mote_requantize_folded(q, folded_bias, r + 1, acc[2]);
      out1[r + 1] = mote_requantize_folded(q, folded_bias, r + 1, acc[3]);
    }
  }
  for (; r + 1 < rows; r += 2) { /* one input: x1 is NULL, or the pairs are done */
    int32_t acc[2];
    row_pair_2x1(weights + r * row_bytes, depth, x0, acc);
    out0[r] = mote_requantize_folded(q, folded_bias, r, acc[0]);
    out0[r + 1] = mote_requantize_folded(q, folded_bias, r + 1, acc[1]);
  }
  if (r < rows) {
    const int8_t *const w = weights + r * row_bytes;
    out0[r] = mote_requantize_folded(q, folded_bias, r, last_row(w, depth, x0));
    if (x1 != NULL) out1[r] = mote_requantize_folded(q, folded_bias, r, last_row(w, depth, x1));
  }
}
