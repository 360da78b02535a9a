/*
 * FULLY_CONNECTED from Huffman-coded weights (mote_kernels_gen_s8.h): the weights are decoded in their stored
 * order, row after row, and each is used as soon as it is decoded, so no scratch is needed. Otherwise exactly
 * mote_fully_connected_folded_s8. Each batch decodes the rows again.
 */
#include "gen_common.h"
#include "huffman.h"

mote_status_t mote_fully_connected_huffman_s8(const mote_fully_connected_s8_params_t *params, const int8_t *input,
                                              const mote_coded_weights_t *weights, const int32_t *folded_bias,
                                              int8_t *output) {
  mote_huffman_t decoder;
  mote_status_t status = mote_fully_connected_check(params, input, weights, folded_bias, output);
  int32_t b;
  if (status != MOTE_OK) return status;
  for (b = 0; b < params->batches; b++) {
    const int8_t *in = input + b * params->depth;
    int32_t unit;
    status = mote_huffman_start(&decoder, weights, (uint32_t)params->units * (uint32_t)params->depth);
    if (status != MOTE_OK) return status;
    for (unit = 0; unit < params->units; unit++) {
      int32_t acc = 0;
      int32_t d;
      for (d = 0; d < params->depth; d++) acc += (int32_t)mote_huffman_next(&decoder) * in[d];
      output[b * params->units + unit] = mote_requantize_folded(&params->requant, folded_bias, unit, acc);
    }
  }
  return MOTE_OK;
}
