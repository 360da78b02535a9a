/*
 * The Huffman decoder of coded weights (docs/model-format.md, "Huffman block"): canonical decoding as the
 * TypeScript reference decoder (src/core/compress/huffman/huffman.ts) and zlib's puff.c do, reading the bits
 * through a 32-bit buffer, and — when the caller lends it MOTE_HUFFMAN_TABLE_BYTES of scratch — a table that
 * decodes any code of up to MOTE_HUFFMAN_TABLE_BITS bits in one look-up (longer codes fall back to the
 * canonical loop). Every byte of the block and the codebook is read through MOTE_READ_WEIGHT_I8. Not part of
 * the public API.
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
  /* The next bits, first at bit 31; `available` of them are valid; `byte_at` is the next byte to load. */
  uint32_t bits;
  int32_t available;
  uint32_t byte_at;
  /* Look-up table: entry v (the next MOTE_HUFFMAN_TABLE_BITS bits) is {code length or 0, weight}. */
  const int8_t *table;
} mote_huffman_t;

/*
 * Checks the block's header against a tensor of `count` weights and readies the decoder at its first code:
 * MOTE_ERROR_NULL_POINTER, or MOTE_ERROR_BAD_WEIGHTS for a wrong version or code-length limit, counts that do
 * not add up or over-subscribe the code space, a symbol outside the codebook, or a value count other than
 * `count`. With a non-NULL `table` (MOTE_HUFFMAN_TABLE_BYTES of scratch) it builds the look-up table there.
 */
mote_status_t mote_huffman_start(mote_huffman_t *decoder, const mote_coded_weights_t *weights, uint32_t count,
                                 int8_t *table);

/* The next weight by the canonical loop (codes longer than the table, or no table). */
int8_t mote_huffman_next_slow(mote_huffman_t *decoder);

/* Tops the bit buffer up to at least 25 valid bits; past the end of the block the bits read as 0. */
void mote_huffman_refill(mote_huffman_t *decoder);

/*
 * Decodes the next `count` weights into `out` (RAM): the same as `count` calls of mote_huffman_next, with the
 * bit buffer held in locals, for the kernels that decode a run of weights at once.
 */
void mote_huffman_fill(mote_huffman_t *decoder, int8_t *out, int32_t count);

/* The next weight. An unmatched code (only an incomplete code has one) gives the first symbol's weight. */
static inline int8_t mote_huffman_next(mote_huffman_t *h) {
  if (h->table != NULL) {
    const int8_t *entry;
    if (h->available < MOTE_HUFFMAN_TABLE_BITS) mote_huffman_refill(h);
    entry = h->table + 2 * (h->bits >> (32 - MOTE_HUFFMAN_TABLE_BITS));
    if (entry[0] != 0) {
      h->bits <<= entry[0];
      h->available -= entry[0];
      return entry[1];
    }
  }
  return mote_huffman_next_slow(h);
}

#endif
