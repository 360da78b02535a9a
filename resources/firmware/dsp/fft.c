/*
 * Real FFT of n = 2^k points through an n/2-point complex FFT (iterative radix-2, decimation in time) and
 * the usual split step:
 *   z[j] = x[2j] + i·x[2j+1],  Z = FFT_{n/2}(z),  E[k] = (Z[k] + Z*[n/2−k]) / 2,  O[k] = (Z[k] − Z*[n/2−k]) / 2i
 *   X[k] = E[k] + e^(−2πik/n)·O[k]
 * so a frame of n values is transformed in place in n values of memory. Bins k = 1…n/2−1 come out as
 * (re, im) pairs at [2k], [2k+1]; the real bins 0 and n/2 share the first pair ([0] and [1]).
 *
 * Twiddles come from one quarter-wave table c[j] = cos(2πj/n), j = 0…n/4 (generated, in flash):
 *   cos(2πj/n) = c[j] (j ≤ n/4) or −c[n/2 − j];   sin(2πj/n) = c[n/4 − j] (j ≤ n/4) or c[j − n/4].
 *
 * Fixed build (q15, block floating point — the scheme of TI's and ADI's fixed-point FFT notes; the code
 * is ours): the input must be within ±MOTE_FFT_HEADROOM = 2^15/(1+√2). A butterfly a ± w·b grows a
 * component by at most (1 + √2) (|w·b| ≤ √2 · max component), so before each stage the largest component
 * M of the previous stage decides the stage's right shift s: 0 if M ≤ 13572, 1 if M ≤ 27145, else 2.
 * Outputs are rounded and the shifts summed into the returned exponent: X = output · 2^exponent. Unlike a
 * fixed 1/2 per stage (CMSIS-DSP's q15 scaling, which loses log2 n bits on quiet input), a frame keeps
 * ~15 significant bits relative to its largest bin whatever its level.
 */
#include "mote_dsp_internal.h"

static uint16_t bit_reverse(uint16_t index, uint8_t bits) {
  uint16_t r = 0;
  uint8_t b;
  for (b = 0; b < bits; b++) {
    r = (uint16_t)((r << 1) | (index & 1u));
    index >>= 1;
  }
  return r;
}

static uint8_t log2_u16(uint16_t n) {
  uint8_t bits = 0;
  while ((1u << bits) < n) bits++;
  return bits;
}

#if defined(MOTE_DSP_FIXED)

#define READ_COS(p) MOTE_READ_TABLE_I16(p)

static void cos_sin(const int16_t *c, uint16_t n, uint16_t j, int16_t *cosine, int16_t *sine) {
  uint16_t quarter = (uint16_t)(n / 4u);
  if (j <= quarter) {
    *cosine = READ_COS(&c[j]);
    *sine = READ_COS(&c[quarter - j]);
  } else {
    *cosine = (int16_t)-READ_COS(&c[n / 2u - j]);
    *sine = READ_COS(&c[j - quarter]);
  }
}

static int16_t sat16(int32_t v) {
  return v > 32767 ? 32767 : (v < -32767 ? -32767 : (int16_t)v);
}

/** (v + rounding) >> s for s = 0…3, rounding half up (constant shifts: AVR has no barrel shifter). */
static int16_t shift_round(int32_t v, uint8_t s) {
  if (s == 1u)
    v = (v + 1) >> 1;
  else if (s == 2u)
    v = (v + 2) >> 2;
  else if (s == 3u)
    v = (v + 4) >> 3;
  return sat16(v);
}

static uint16_t abs16(int16_t v) {
  return (uint16_t)(v < 0 ? -(int32_t)v : v);
}

static uint8_t stage_shift(uint16_t largest) {
  return largest <= MOTE_FFT_HEADROOM ? 0u : (largest <= 2 * MOTE_FFT_HEADROOM + 1 ? 1u : 2u);
}

static uint16_t largest_component(const int16_t *d, uint16_t count) {
  uint16_t m = 0, i;
  for (i = 0; i < count; i++)
    if (abs16(d[i]) > m) m = abs16(d[i]);
  return m;
}

/** One radix-2 stage of `size` over the m complex points; returns the largest output component. */
static uint16_t stage_q15(int16_t *d, uint16_t m, uint16_t n, uint16_t size, uint8_t s, const int16_t *c) {
  uint16_t half = (uint16_t)(size / 2u), k, start, largest = 0, step = (uint16_t)(n / size);
  for (k = 0; k < half; k++) {
    int16_t wc, ws;
    cos_sin(c, n, (uint16_t)(k * step), &wc, &ws);
    for (start = 0; start < m; start = (uint16_t)(start + size)) {
      int16_t *a = &d[2u * (start + k)];
      int16_t *b = &d[2u * (start + k + half)];
      /* t = (wc − i·ws)·b; 16 × 16 → 32-bit products */
      int32_t tr = ((int32_t)wc * b[0] + (int32_t)ws * b[1] + 16384) >> 15;
      int32_t ti = ((int32_t)wc * b[1] - (int32_t)ws * b[0] + 16384) >> 15;
      int32_t ar = a[0], ai = a[1];
      a[0] = shift_round(ar + tr, s);
      a[1] = shift_round(ai + ti, s);
      b[0] = shift_round(ar - tr, s);
      b[1] = shift_round(ai - ti, s);
      if (abs16(a[0]) > largest) largest = abs16(a[0]);
      if (abs16(a[1]) > largest) largest = abs16(a[1]);
      if (abs16(b[0]) > largest) largest = abs16(b[0]);
      if (abs16(b[1]) > largest) largest = abs16(b[1]);
    }
  }
  return largest;
}

/** The split step for the pair (k, m − k); values are doubled before the final shift by 1 + s. */
static void split_pair_q15(int16_t *d, uint16_t m, uint16_t n, uint16_t k, uint8_t s, const int16_t *c) {
  int16_t *p = &d[2u * k];
  int16_t *q = &d[2u * (m - k)];
  int32_t er = (int32_t)p[0] + q[0], ei = (int32_t)p[1] - q[1];
  int32_t orr = (int32_t)p[1] + q[1], oi = (int32_t)q[0] - p[0];
  int16_t wc, ws;
  int32_t pr, pi;
  cos_sin(c, n, k, &wc, &ws);
  /* |w·o| < 2^31 each; halved before the sum so that it cannot overflow 32 bits */
  pr = (((wc * orr) >> 1) + ((ws * oi) >> 1) + 8192) >> 14;
  pi = (((wc * oi) >> 1) - ((ws * orr) >> 1) + 8192) >> 14;
  p[0] = shift_round(er + pr, (uint8_t)(s + 1u));
  p[1] = shift_round(ei + pi, (uint8_t)(s + 1u));
  if (k != m - k) {
    q[0] = shift_round(er - pr, (uint8_t)(s + 1u));
    q[1] = shift_round(pi - ei, (uint8_t)(s + 1u));
  }
}

int16_t mote_fft_real_q15(int16_t *d, uint16_t n, const int16_t *c) {
  uint16_t m = (uint16_t)(n / 2u), i, k, size, largest;
  uint8_t bits = log2_u16(m), s;
  int16_t exponent = 0;
  for (i = 0; i < m; i++) {
    uint16_t j = bit_reverse(i, bits);
    if (j > i) {
      int16_t t0 = d[2u * i], t1 = d[2u * i + 1u];
      d[2u * i] = d[2u * j];
      d[2u * i + 1u] = d[2u * j + 1u];
      d[2u * j] = t0;
      d[2u * j + 1u] = t1;
    }
  }
  largest = largest_component(d, n);
  for (size = 2; size <= m; size = (uint16_t)(size * 2u)) {
    s = stage_shift(largest);
    exponent = (int16_t)(exponent + s);
    largest = stage_q15(d, m, n, size, s, c);
  }
  s = stage_shift(largest_component(d, n));
  exponent = (int16_t)(exponent + s);
  {
    int32_t z0 = d[0], z1 = d[1];
    d[0] = shift_round(z0 + z1, s);
    d[1] = shift_round(z0 - z1, s);
  }
  for (k = 1; k <= m / 2u; k++) split_pair_q15(d, m, n, k, s, c);
  return exponent;
}

#else /* float */

static void cos_sin(const float *c, uint16_t n, uint16_t j, float *cosine, float *sine) {
  uint16_t quarter = (uint16_t)(n / 4u);
  if (j <= quarter) {
    *cosine = MOTE_READ_TABLE_F32(&c[j]);
    *sine = MOTE_READ_TABLE_F32(&c[quarter - j]);
  } else {
    *cosine = -MOTE_READ_TABLE_F32(&c[n / 2u - j]);
    *sine = MOTE_READ_TABLE_F32(&c[j - quarter]);
  }
}

void mote_fft_real_f32(float *d, uint16_t n, const float *c) {
  uint16_t m = (uint16_t)(n / 2u), i, k, size, start;
  uint8_t bits = log2_u16(m);
  for (i = 0; i < m; i++) {
    uint16_t j = bit_reverse(i, bits);
    if (j > i) {
      float t0 = d[2u * i], t1 = d[2u * i + 1u];
      d[2u * i] = d[2u * j];
      d[2u * i + 1u] = d[2u * j + 1u];
      d[2u * j] = t0;
      d[2u * j + 1u] = t1;
    }
  }
  for (size = 2; size <= m; size = (uint16_t)(size * 2u)) {
    uint16_t half = (uint16_t)(size / 2u);
    for (k = 0; k < half; k++) {
      float wc, ws;
      cos_sin(c, n, (uint16_t)((uint32_t)k * n / size), &wc, &ws);
      for (start = 0; start < m; start = (uint16_t)(start + size)) {
        float *a = &d[2u * (start + k)];
        float *b = &d[2u * (start + k + half)];
        float tr = wc * b[0] + ws * b[1];
        float ti = wc * b[1] - ws * b[0];
        b[0] = a[0] - tr;
        b[1] = a[1] - ti;
        a[0] += tr;
        a[1] += ti;
      }
    }
  }
  {
    float z0 = d[0], z1 = d[1];
    d[0] = z0 + z1;
    d[1] = z0 - z1;
  }
  for (k = 1; k <= m / 2u; k++) {
    float *p = &d[2u * k];
    float *q = &d[2u * (m - k)];
    float er = 0.5f * (p[0] + q[0]), ei = 0.5f * (p[1] - q[1]);
    float orr = 0.5f * (p[1] + q[1]), oi = 0.5f * (q[0] - p[0]);
    float wc, ws, pr, pi;
    cos_sin(c, n, k, &wc, &ws);
    pr = wc * orr + ws * oi;
    pi = wc * oi - ws * orr;
    p[0] = er + pr;
    p[1] = ei + pi;
    if (k != m - k) {
      q[0] = er - pr;
      q[1] = pi - ei;
    }
  }
}

#endif
