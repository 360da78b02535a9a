/*
 * The Huffman decoder of coded weights (docs/model-format.md, "Huffman block"): canonical decoding one bit at
 * a time, as the TypeScript reference decoder (src/core/compress/huffman/huffman.ts) and zlib's puff.c do,
 * with no table beyond the block's own header. Every byte of the block and the codebook is read through
 * MOTE_READ_WEIGHT_I8. Not part of the public API.
 */
#ifndef MOTE_HUFFMAN_H
#define MOTE_HUFFMAN_H

#include "../../include/mote_kernels_gen_s8.h"
#include "../common/mote_internal.h"

#define MOTE_HUFFMAN_MAX_LENGTH 15

typedef struct {
  const mote_coded_weights_t *weights;
  /* counts[l]: codes of length l (1 … longest), copied to RAM once. */
  uint16_t counts[MOTE_HUFFMAN_MAX_LENGTH + 1];
  int32_t longest;
  uint32_t symbols_at;
  /* The next bit: byte position in the block and the bits of that byte not yet consumed. */
  uint32_t byte_at;
  uint8_t byte;
  uint8_t bits_left;
} mote_huffman_t;

/*
 * Checks the block's header against a tensor of `count` weights and readies the decoder at its first code:
 * MOTE_ERROR_NULL_POINTER, or MOTE_ERROR_BAD_WEIGHTS for a wrong version or code-length limit, counts that do
 * not add up or over-subscribe the code space, a symbol outside the codebook, or a value count other than
 * `count`.
 */
mote_status_t mote_huffman_start(mote_huffman_t *decoder, const mote_coded_weights_t *weights, uint32_t count);

/* The next weight. Past the end of the block the bits read as 0; an unmatched code gives the first symbol. */
int8_t mote_huffman_next(mote_huffman_t *decoder);

#endif
