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

mote_status_t mote_huffman_start(mote_huffman_t *h, const mote_coded_weights_t *w, uint32_t count) {
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
  h->bits_left = 0;
  h->byte = 0;
  return MOTE_OK;
}

static int32_t next_bit(mote_huffman_t *h) {
  if (h->bits_left == 0) {
    h->byte = h->byte_at < h->weights->block_bytes ? block_byte(h->weights, h->byte_at) : 0;
    h->byte_at++;
    h->bits_left = 8;
  }
  h->bits_left--;
  return (h->byte >> h->bits_left) & 1;
}

int8_t mote_huffman_next(mote_huffman_t *h) {
  int32_t code = 0;
  int32_t first = 0;
  int32_t index = 0;
  int32_t l;
  uint8_t symbol = block_byte(h->weights, h->symbols_at);
  for (l = 1; l <= h->longest; l++) {
    const int32_t count = h->counts[l];
    code |= next_bit(h);
    if (code - first < count) {
      symbol = block_byte(h->weights, h->symbols_at + (uint32_t)(index + code - first));
      break;
    }
    index += count;
    first = (first + count) << 1;
    code <<= 1;
  }
  return MOTE_READ_WEIGHT_I8(&h->weights->codebook[symbol]);
}

mote_status_t mote_huffman_decode_s8(const mote_coded_weights_t *weights, int8_t *output, uint32_t count) {
  mote_huffman_t decoder;
  uint32_t i;
  mote_status_t status;
  MOTE_REQUIRE(output != NULL, MOTE_ERROR_NULL_POINTER);
  status = mote_huffman_start(&decoder, weights, count);
  if (status != MOTE_OK) return status;
  for (i = 0; i < count; i++) output[i] = mote_huffman_next(&decoder);
  return MOTE_OK;
}
