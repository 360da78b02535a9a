/*
 * What the Cortex-M0+/M3 kernels share (docs/codegen.md, "Optimized kernels"): the int8 matrix product on the
 * blocked weights of src/core/codegen/c/targets/blocked-layout.ts (the DSP kernels' layout: depth padded to
 * depth4 = 4·ceil(depth / 4), rows in pairs, for each pair and group of 4 taps 4 bytes of the first row then 4
 * of the second, a last odd row alone). No SIMD: each product is one multiply-accumulate of sign-extended
 * bytes, but a 2×2 block (two rows against two inputs) loads each weight and each input once for two products,
 * so the inner loop does two loads per two multiplies instead of two per one. Not part of the public API.
 */
#ifndef MOTE_CORTEX_M_BLOCKED_H
#define MOTE_CORTEX_M_BLOCKED_H

#include "../int8/gen_common.h"

/* depth rounded up to whole groups of 4. */
static inline int32_t mote_blocked_depth4(int32_t depth) {
  return (depth + 3) & ~3;
}

/*
 * For each output channel c (a row of the blocked `weights`, rows × depth): out0[c] = the requantized dot
 * product of row c with x0, and, when x1 is not NULL, out1[c] = that with x1. The inputs are depth int8
 * values each (no padding is read).
 */
void mote_blocked_gemm(const int8_t *weights, int32_t rows, int32_t depth, const int8_t *x0, const int8_t *x1,
                       const mote_requant_t *q, const int32_t *folded_bias, int8_t *out0, int8_t *out1);

#endif
