/*
 * Fixed build: central moment sums of int16 values (spectral analysis, step 3 of docs/dsp.md).
 * The deviations d = 2^16·(x − x̄), the mean rounded to 2^−16 (|x| ≤ 2^14, so d fits 32 bits), are
 * scaled by 2^−sd into e, |e| < 2^14 (sd ≥ 0, from the largest |d|), and with q = e² / 2^13 (< 2^15) the sums
 *   s2 = Σe², s3 = Σq·e, s4 = Σq²       (scaled back by 2^(2sd), 2^(3sd+13), 2^(4sd+26))
 * need only 16 × 16 → 32-bit products (what AVR and Cortex-M0+ multiply cheaply) and 64-bit additions.
 * The caller forms rms = √s2 / (2^16·√n), skewness = s3·√n / s2^1.5 and kurtosis = s4·n / s2² − 3 (the
 * scale factors cancel to these). Relative error: about 2^−14 from the scaling of the largest deviations.
 */
#include "mote_dsp_internal.h"

#if defined(MOTE_DSP_FIXED)

/** x·2^16 − mean·2^16 (the mean rounded to 2^−16: no multiply in the loops, AVR-friendly). */
static int32_t deviation(const int16_t *x, uint16_t i, int32_t mean_q16) {
  return (int32_t)x[i] * 65536 - mean_q16;
}

mote_moments_t mote_moments_i16(const int16_t *x, uint16_t n) {
  mote_moments_t r;
  int32_t total = 0, largest = 0, mean_q16;
  int64_t s2 = 0, s3 = 0, s4 = 0;
  uint8_t sd = 0;
  uint16_t i;
  for (i = 0; i < n; i++) total += x[i];
  mean_q16 = (int32_t)(((int64_t)total * 65536 + (total < 0 ? -(int64_t)(n / 2u) : (int64_t)(n / 2u))) / n);
  for (i = 0; i < n; i++) {
    int32_t d = deviation(x, i, mean_q16);
    if (d < 0) d = -d;
    if (d > largest) largest = d;
  }
  while (((largest + ((int32_t)1 << sd >> 1)) >> sd) > 16383) sd++;
  for (i = 0; i < n; i++) {
    int32_t d = deviation(x, i, mean_q16);
    int16_t e = (int16_t)(sd == 0u ? d : (d + ((int32_t)1 << (sd - 1u))) >> sd);
    int32_t e2 = (int32_t)e * e;
    int16_t q = (int16_t)((e2 + 4096) >> 13);
    s2 += e2;
    s3 += (int32_t)q * e;
    s4 += (int32_t)q * q;
  }
  r.s2 = mote_fx_from_u64((uint64_t)s2, (int16_t)(2 * sd));
  r.s3_negative = (int8_t)(s3 < 0);
  r.s3 = mote_fx_from_u64((uint64_t)(s3 < 0 ? -s3 : s3), (int16_t)(3 * sd + 13));
  r.s4 = mote_fx_from_u64((uint64_t)s4, (int16_t)(4 * sd + 26));
  return r;
}

#else
typedef int mote_dsp_moments_unused_t; /* ISO C forbids an empty translation unit. */
#endif
