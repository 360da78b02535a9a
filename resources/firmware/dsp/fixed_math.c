/*
 * The fixed build's scalar arithmetic: saturating multiplies and mote_fx_t, a 32-bit mantissa with a
 * binary exponent for the quantities (moments, powers, energies) that outgrow any one Q format between the
 * integer sums and the Q16.16 feature. Every operation is integer-only and built from 16 × 16 → 32-bit
 * products and 32 / 16-bit divisions (cheap on AVR and Cortex-M0+; no 64-bit multiply or divide): relative
 * error about 2^−30 for a product, 2^−15 for a quotient, 2^−16 for a square root and 2^−15 for log2 — far
 * inside the tolerances of docs/dsp.md, which the q15 FFT sets.
 */
#include "mote_dsp_internal.h"

#if defined(MOTE_DSP_FIXED)

uint8_t mote_msb32(uint32_t v) {
  uint8_t bit = 0;
  while (v > 1u) {
    v >>= 1;
    bit++;
  }
  return bit;
}

static uint8_t msb64(uint64_t v) {
  uint32_t high = (uint32_t)(v >> 32);
  return high != 0u ? (uint8_t)(32u + mote_msb32(high)) : mote_msb32((uint32_t)v);
}

mote_fx_t mote_fx_from_u64(uint64_t value, int16_t exponent) {
  mote_fx_t r;
  uint8_t top;
  if (value == 0u) {
    r.m = 0u;
    r.e = 0;
    return r;
  }
  top = msb64(value);
  if (top > 31u) {
    uint8_t drop = (uint8_t)(top - 31u);
    uint64_t rounded = (value + ((uint64_t)1 << (drop - 1u))) >> drop;
    if (rounded > 0xFFFFFFFFu) {
      rounded >>= 1;
      drop++;
    }
    r.m = (uint32_t)rounded;
    r.e = (int16_t)(exponent + drop);
  } else {
    r.m = (uint32_t)(value << (31u - top));
    r.e = (int16_t)(exponent - (int16_t)(31u - top));
  }
  return r;
}

mote_fx_t mote_fx_from_const(const mote_dsp_const_t *c) {
  mote_fx_t r;
  r.m = c->mantissa;
  r.e = c->exponent;
  return r;
}

/** 16 × 16 → 32-bit pieces (cheap on AVR and M0+): the product's top 32 bits, truncated by < 3 units. */
static uint32_t mul_high(uint32_t a, uint32_t b) {
  uint16_t ah = (uint16_t)(a >> 16), al = (uint16_t)a, bh = (uint16_t)(b >> 16), bl = (uint16_t)b;
  return (uint32_t)ah * bh + (((uint32_t)ah * bl) >> 16) + (((uint32_t)al * bh) >> 16);
}

mote_fx_t mote_fx_mul(mote_fx_t a, mote_fx_t b) {
  if (a.m == 0u || b.m == 0u) return mote_fx_from_u64(0u, 0);
  return mote_fx_from_u64(mul_high(a.m, b.m), (int16_t)(a.e + b.e + 32));
}

mote_fx_t mote_fx_div(mote_fx_t a, mote_fx_t b) {
  uint32_t q;
  if (a.m == 0u || b.m == 0u) return mote_fx_from_u64(0u, 0);
  /* a / (b truncated to 16 bits), two 32 / 16-bit steps (no 64-bit divide): 2^−15 relative at worst */
  {
    uint32_t divisor = b.m >> 16, high = a.m / divisor, rest = a.m % divisor;
    q = (high << 15) + (rest << 15) / divisor;
  }
  return mote_fx_from_u64(q, (int16_t)(a.e - b.e - 31));
}

/** floor(√v) of a 32-bit v, bit by bit (16 steps of 32-bit arithmetic). */
static uint32_t isqrt32(uint32_t v) {
  uint32_t result = 0u, bit = (uint32_t)1 << 30;
  while (bit > v) bit >>= 2;
  while (bit != 0u) {
    if (v >= result + bit) {
      v -= result + bit;
      result = (result >> 1) + bit;
    } else {
      result >>= 1;
    }
    bit >>= 2;
  }
  return result;
}

mote_fx_t mote_fx_sqrt(mote_fx_t a) {
  /* m·2^e, m ≥ 2^31: with an even exponent, √(m or m/2) has 16 significant bits (2^−16 relative) */
  if (a.m == 0u) return a;
  if ((a.e & 1) != 0) return mote_fx_from_u64(isqrt32(a.m >> 1), (int16_t)((a.e + 1) / 2));
  return mote_fx_from_u64(isqrt32(a.m), (int16_t)(a.e / 2));
}

int32_t mote_fx_to_q16(mote_fx_t a) {
  int16_t shift = (int16_t)(a.e + 16);
  uint8_t right;
  if (a.m == 0u) return 0;
  if (shift >= 0) return INT32_MAX;
  if (shift < -33) return 0;
  right = (uint8_t)(-shift);
  {
    uint64_t v = ((uint64_t)a.m + ((uint64_t)1 << (right - 1u))) >> right;
    return v > (uint64_t)INT32_MAX ? INT32_MAX : (int32_t)v;
  }
}

int32_t mote_fx_log2_q16(mote_fx_t a) {
  /* log2(m·2^e) = 31 + e + log2(m / 2^31), the fraction bit by bit: square, and a result ≥ 2 is a 1 bit. */
  /* the mantissa in Q15 (16 bits): 16 × 16-bit squarings, accurate to about 2^−15 */
  uint32_t x = (a.m + 0x8000u) >> 16;
  int32_t fraction = 0;
  uint8_t i;
  if (x > 0xFFFFu) x = 0xFFFFu;
  for (i = 0; i < 17u; i++) {
    x = (x * x + 0x4000u) >> 15;
    fraction <<= 1;
    if (x >= 0x10000u) {
      x = (x + 1u) >> 1;
      fraction |= 1;
    }
  }
  return (int32_t)(31 + a.e) * 65536 + ((fraction + 1) >> 1);
}

int32_t mote_sat_q16(int64_t value) {
  if (value > INT32_MAX) return INT32_MAX;
  if (value < -INT32_MAX) return -INT32_MAX;
  return (int32_t)value;
}

int32_t mote_mul_shift_sat(int64_t value, int32_t mantissa, int8_t shift) {
  int64_t product = value * mantissa;
  uint64_t magnitude = product < 0 ? (uint64_t)(-product) : (uint64_t)product;
  int64_t rounded;
  if (shift <= 0) return mote_sat_q16(product);
  rounded = (int64_t)((magnitude + ((uint64_t)1 << (shift - 1))) >> shift);
  return mote_sat_q16(product < 0 ? -rounded : rounded);
}

#else
typedef int mote_dsp_fixed_math_unused_t; /* ISO C forbids an empty translation unit. */
#endif
