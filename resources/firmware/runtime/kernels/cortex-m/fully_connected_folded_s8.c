/*
 * FULLY_CONNECTED with a folded bias, Cortex-M0+/M3 (mote_kernels_gen_s8.h; the portable kernel is
 * kernels/int8/fully_connected_folded_s8.c). Same signature, same bytes, but `weights` is blocked (blocked.h):
 * rows are the units, depth the input depth. Two batches at a time through the 2×2-blocked product (a batch of
 * one: two units per pass against one input).
 */
#include "blocked.h"

mote_status_t mote_fully_connected_folded_s8(const mote_fully_connected_s8_params_t *params, const int8_t *input,
                                             const int8_t *weights, const int32_t *folded_bias, int8_t *output) {
  const mote_status_t status = mote_fully_connected_check(params, input, weights, folded_bias, output);
  int32_t b;
  if (status != MOTE_OK) return status;
  for (b = 0; b < params->batches; b += 2) {
    const int second = b + 1 < params->batches;
    const int8_t *const in = input + b * params->depth;
    int8_t *const out = output + b * params->units;
    mote_blocked_gemm(weights, params->units, params->depth, in, second ? in + params->depth : NULL,
                      &params->requant, folded_bias, out, second ? out + params->units : NULL);
  }
  return MOTE_OK;
}
