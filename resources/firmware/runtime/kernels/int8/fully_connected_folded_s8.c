/*
 * FULLY_CONNECTED with a folded bias (mote_kernels_gen_s8.h). Same bytes as mote_fully_connected_s8:
 *   acc = Σ_d weights[u, d] · input[b, d]
 *   output[b, u] = clamp(MBQM(acc + folded_bias[u], multiplier[u], shift[u]) + output_offset)
 * with folded_bias = bias + input_offset · Σ_d weights[u, d] (wrapping int32).
 */
#include "gen_common.h"

mote_status_t mote_fully_connected_folded_s8(const mote_fully_connected_s8_params_t *params, const int8_t *input,
                                             const int8_t *weights, const int32_t *folded_bias, int8_t *output) {
  const mote_status_t status = mote_fully_connected_check(params, input, weights, folded_bias, output);
  int32_t b;
  if (status != MOTE_OK) return status;
  for (b = 0; b < params->batches; b++) {
    const int8_t *in = input + b * params->depth;
    int32_t unit;
    for (unit = 0; unit < params->units; unit++) {
      const int8_t *row = weights + unit * params->depth;
      int32_t acc = 0;
      int32_t d;
      for (d = 0; d < params->depth; d++) acc += (int32_t)MOTE_READ_WEIGHT_I8(&row[d]) * in[d];
      output[b * params->units + unit] = mote_requantize_folded(&params->requant, folded_bias, unit, acc);
    }
  }
  return MOTE_OK;
}
