/*
 * Fixed build: central moment sums of int16 values (spectral analysis, step 3 of docs/dsp.md).
 * With T1 = Σx, the deviations d = n·x − T1 = n·(x − x̄) are exact integers, so the mean costs no
 * precision; they are scaled by 2^−sd into ±2^14 (sd ≥ 0, from the largest |d|), and
 *   s2 = Σd², s3 = Σd³, s4 = Σd⁴ (each × 2^(k·sd))
 * are accumulated in 64 bits (d⁴ after a 16-bit right shift, so n ≤ 65535 cannot overflow). The caller
 * forms rms = √s2 / n^1.5, skewness = s3·√n / s2^1.5 and kurtosis = s4·n / s2² − 3 (the powers of n
 * cancel to these). Largest relative error: 2^−14 from scaling the biggest deviations.
 */
#include "mote_dsp_internal.h"

#if defined(MOTE_DSP_FIXED)

static int32_t deviation(const int16_t *x, uint16_t i, uint16_t n, int32_t total) {
  return (int32_t)x[i] * (int32_t)n - total;
}

mote_moments_t mote_moments_i16(const int16_t *x, uint16_t n) {
  mote_moments_t r;
  int32_t total = 0, largest = 0;
  int64_t s2 = 0, s3 = 0, s4 = 0;
  uint8_t sd = 0;
  uint16_t i;
  for (i = 0; i < n; i++) total += x[i];
  for (i = 0; i < n; i++) {
    int32_t d = deviation(x, i, n, total);
    if (d < 0) d = -d;
    if (d > largest) largest = d;
  }
  while ((largest >> sd) > 16384) sd++;
  for (i = 0; i < n; i++) {
    int32_t d = deviation(x, i, n, total);
    int32_t e = sd == 0u ? d : (d + ((int32_t)1 << (sd - 1u))) >> sd;
    int32_t e2 = e * e;
    s2 += e2;
    s3 += (int64_t)e2 * e;
    s4 += ((int64_t)e2 * e2 + 32768) >> 16;
  }
  r.s2 = mote_fx_from_u64((uint64_t)s2, (int16_t)(2 * sd));
  r.s3_negative = (int8_t)(s3 < 0);
  r.s3 = mote_fx_from_u64((uint64_t)(s3 < 0 ? -s3 : s3), (int16_t)(3 * sd));
  r.s4 = mote_fx_from_u64((uint64_t)s4, (int16_t)(4 * sd + 16));
  return r;
}

#else
typedef int mote_dsp_moments_unused_t; /* ISO C forbids an empty translation unit. */
#endif
