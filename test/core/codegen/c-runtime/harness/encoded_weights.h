/*
 * Force-included (gcc -include) before the runtime when the harness is built with ENCODED_WEIGHTS: weights are
 * stored XOR 0xA5 in every byte and the MOTE_READ_WEIGHT_* hooks decode them. A kernel that dereferenced a
 * weight pointer directly, instead of through the hook that an AVR build maps to pgm_read_*, would read
 * garbage and fail the bit-exact comparison.
 */
#ifndef MOTE_TEST_ENCODED_WEIGHTS_H
#define MOTE_TEST_ENCODED_WEIGHTS_H

#include <stdint.h>
#include <string.h>

#define MOTE_TEST_WEIGHT_KEY 0xA5u

static inline int8_t mote_test_read_i8(const int8_t *p) {
  return (int8_t)(*(const uint8_t *)p ^ MOTE_TEST_WEIGHT_KEY);
}

static inline uint32_t mote_test_read_u32(const void *p) {
  uint32_t bits;
  memcpy(&bits, p, sizeof bits);
  return bits ^ (MOTE_TEST_WEIGHT_KEY * 0x01010101u);
}

static inline int32_t mote_test_read_i32(const int32_t *p) {
  return (int32_t)mote_test_read_u32(p);
}

static inline float mote_test_read_f32(const float *p) {
  const uint32_t bits = mote_test_read_u32(p);
  float value;
  memcpy(&value, &bits, sizeof value);
  return value;
}

#define MOTE_READ_WEIGHT_I8(p) mote_test_read_i8(p)
#define MOTE_READ_WEIGHT_I32(p) mote_test_read_i32(p)
#define MOTE_READ_WEIGHT_F32(p) mote_test_read_f32(p)

#endif
