/*
 * FULLY_CONNECTED from Huffman-coded weights (mote_kernels_gen_s8.h): the weights are decoded in their stored
 * order, row after row, and each is used as soon as it is decoded; the only scratch is the decoder's optional
 * look-up table. Otherwise exactly mote_fully_connected_folded_s8. Each batch decodes the rows again.
 */
#include "gen_common.h"
#include "huffman.h"

/* Weights decoded at a time into a stack buffer, then multiplied. */
#define ROW_CHUNK 32

mote_status_t mote_fully_connected_huffman_s8(const mote_fully_connected_s8_params_t *params, const int8_t *input,
                                              const mote_coded_weights_t *weights, const int32_t *folded_bias,
                                              int8_t *output, int8_t *table) {
  mote_huffman_t decoder;
  mote_status_t status = mote_fully_connected_check(params, input, weights, folded_bias, output);
  int32_t b;
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(table == NULL || (!mote_overlaps(table, MOTE_HUFFMAN_TABLE_BYTES, input,
                                                (uint32_t)params->batches * (uint32_t)params->depth) &&
                                 !mote_overlaps(table, MOTE_HUFFMAN_TABLE_BYTES, output,
                                                (uint32_t)params->batches * (uint32_t)params->units)),
               MOTE_ERROR_OVERLAP);
  for (b = 0; b < params->batches; b++) {
    const int8_t *in = input + b * params->depth;
    int32_t unit;
    status = mote_huffman_start(&decoder, weights, (uint32_t)params->units * (uint32_t)params->depth, table);
    if (status != MOTE_OK) return status;
    for (unit = 0; unit < params->units; unit++) {
      int32_t acc = 0;
      int32_t d;
      for (d = 0; d < params->depth; d += ROW_CHUNK) {
        const int32_t n = params->depth - d < ROW_CHUNK ? params->depth - d : ROW_CHUNK;
        int8_t row[ROW_CHUNK];
        int32_t i;
        mote_huffman_fill(&decoder, row, n);
        for (i = 0; i < n; i++) acc += (int32_t)row[i] * in[d + i];
      }
      output[b * params->units + unit] = mote_requantize_folded(&params->requant, folded_bias, unit, acc);
    }
  }
  return MOTE_OK;
}
