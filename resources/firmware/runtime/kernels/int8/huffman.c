/* Canonical Huffman decoding of coded weights (see huffman.h and docs/model-format.md). */
#include "huffman.h"

#define HUFFMAN_FORMAT_VERSION 1

static uint8_t block_byte(const mote_coded_weights_t *w, uint32_t at) {
  return (uint8_t)MOTE_READ_WEIGHT_I8((const int8_t *)w->block + at);
}

static uint32_t block_u16(const mote_coded_weights_t *w, uint32_t at) {
  return (uint32_t)block_byte(w, at) | (uint32_t)block_byte(w, at + 1) << 8;
}

static uint32_t block_u32(const mote_coded_weights_t *w, uint32_t at) {
  return block_u16(w, at) | block_u16(w, at + 2) << 16;
}

/* The weight of the symbol at canonical position `index`. */
static int8_t weight_at(const mote_huffman_t *h, int32_t index) {
  const uint8_t symbol = block_byte(h->weights, h->symbols_at + (uint32_t)index);
  return MOTE_READ_WEIGHT_I8(&h->weights->codebook[symbol]);
}

/* The header's code counts: MOTE_OK when they add up to `symbols` and fit in `longest` bits (Kraft). */
static mote_status_t read_counts(mote_huffman_t *h, uint32_t *symbols) {
  const mote_coded_weights_t *w = h->weights;
  uint32_t kraft = 0;
  uint32_t total = 0;
  int32_t l;
  h->counts[0] = 0;
  for (l = 1; l <= h->longest; l++) {
    h->counts[l] = (uint16_t)block_u16(w, 2u + 2u * (uint32_t)(l - 1));
    total += h->counts[l];
    kraft += (uint32_t)h->counts[l] << (h->longest - l);
  }
  *symbols = block_u16(w, 2u + 2u * (uint32_t)h->longest);
  MOTE_REQUIRE(total == *symbols && kraft <= (UINT32_C(1) << h->longest), MOTE_ERROR_BAD_WEIGHTS);
  return MOTE_OK;
}

/* Fills the look-up table: each code of up to TABLE_BITS bits owns the entries that start with it. */
static void build_table(mote_huffman_t *h, int8_t *table) {
  uint32_t code = 0;
  int32_t index = 0;
  int32_t l;
  uint32_t v;
  for (v = 0; v < (UINT32_C(1) << MOTE_HUFFMAN_TABLE_BITS); v++) table[2 * v] = 0;
  for (l = 1; l <= h->longest && l <= MOTE_HUFFMAN_TABLE_BITS; l++) {
    int32_t k;
    for (k = 0; k < h->counts[l]; k++, code++, index++) {
      const uint32_t shift = (uint32_t)(MOTE_HUFFMAN_TABLE_BITS - l);
      const int8_t weight = weight_at(h, index);
      for (v = code << shift; v < (code + 1) << shift; v++) {
        table[2 * v] = (int8_t)l;
        table[2 * v + 1] = weight;
      }
    }
    code <<= 1;
  }
  h->table = table;
}

mote_status_t mote_huffman_start(mote_huffman_t *h, const mote_coded_weights_t *w, uint32_t count, int8_t *table) {
  uint32_t symbols;
  uint32_t s;
  mote_status_t status;
  MOTE_REQUIRE(w != NULL && w->block != NULL && w->codebook != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(w->block_bytes >= 4 && w->codebook_size >= 1 && w->codebook_size <= 256, MOTE_ERROR_BAD_WEIGHTS);
  h->weights = w;
  h->longest = block_byte(w, 1);
  MOTE_REQUIRE(block_byte(w, 0) == HUFFMAN_FORMAT_VERSION && h->longest >= 1 &&
                   h->longest <= MOTE_HUFFMAN_MAX_LENGTH && w->block_bytes >= 8u + 2u * (uint32_t)h->longest,
               MOTE_ERROR_BAD_WEIGHTS);
  status = read_counts(h, &symbols);
  if (status != MOTE_OK) return status;
  h->symbols_at = 4u + 2u * (uint32_t)h->longest;
  MOTE_REQUIRE(symbols >= 1 && w->block_bytes >= h->symbols_at + symbols + 4u, MOTE_ERROR_BAD_WEIGHTS);
  for (s = 0; s < symbols; s++) {
    MOTE_REQUIRE(block_byte(w, h->symbols_at + s) < (uint32_t)w->codebook_size, MOTE_ERROR_BAD_WEIGHTS);
  }
  MOTE_REQUIRE(block_u32(w, h->symbols_at + symbols) == count, MOTE_ERROR_BAD_WEIGHTS);
  h->byte_at = h->symbols_at + symbols + 4u;
  h->bits = 0;
  h->available = 0;
  h->table = NULL;
  if (table != NULL) build_table(h, table);
  return MOTE_OK;
}

void mote_huffman_refill(mote_huffman_t *h) {
  while (h->available <= 24) {
    const uint32_t byte = h->byte_at < h->weights->block_bytes ? block_byte(h->weights, h->byte_at) : 0u;
    h->bits |= byte << (24 - h->available);
    h->available += 8;
    h->byte_at++;
  }
}

int8_t mote_huffman_next_slow(mote_huffman_t *h) {
  int32_t code = 0;
  int32_t first = 0;
  int32_t index = 0;
  int32_t l;
  if (h->available < MOTE_HUFFMAN_MAX_LENGTH) mote_huffman_refill(h);
  for (l = 1; l <= h->longest; l++) {
    const int32_t count = h->counts[l];
    code |= (int32_t)(h->bits >> 31);
    h->bits <<= 1;
    h->available--;
    if (code - first < count) return weight_at(h, index + code - first);
    index += count;
    first = (first + count) << 1;
    code <<= 1;
  }
  return weight_at(h, 0);
}

void mote_huffman_fill(mote_huffman_t *h, int8_t *out, int32_t count) {
  const int8_t *table = h->table;
  uint32_t bits = h->bits;
  int32_t available = h->available;
  int32_t i;
  if (table == NULL) {
    for (i = 0; i < count; i++) out[i] = mote_huffman_next_slow(h);
    return;
  }
  for (i = 0; i < count; i++) {
    const int8_t *entry;
    if (available < MOTE_HUFFMAN_TABLE_BITS) {
      h->bits = bits;
      h->available = available;
      mote_huffman_refill(h);
      bits = h->bits;
      available = h->available;
    }
    entry = table + 2 * (bits >> (32 - MOTE_HUFFMAN_TABLE_BITS));
    if (entry[0] != 0) {
      bits <<= entry[0];
      available -= entry[0];
      out[i] = entry[1];
    } else {
      h->bits = bits;
      h->available = available;
      out[i] = mote_huffman_next_slow(h);
      bits = h->bits;
      available = h->available;
    }
  }
  h->bits = bits;
  h->available = available;
}

mote_status_t mote_huffman_decode_s8(const mote_coded_weights_t *weights, int8_t *output, uint32_t count) {
  mote_huffman_t decoder;
  uint32_t i;
  mote_status_t status;
  MOTE_REQUIRE(output != NULL, MOTE_ERROR_NULL_POINTER);
  status = mote_huffman_start(&decoder, weights, count, NULL);
  if (status != MOTE_OK) return status;
  for (i = 0; i < count; i++) output[i] = mote_huffman_next(&decoder);
  return MOTE_OK;
}
