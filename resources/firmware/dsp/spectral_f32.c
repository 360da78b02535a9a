/*
 * Spectral analysis, float build (docs/dsp.md "Spectral analysis block"; the fixed build is
 * spectral_q15.c): the TypeScript's steps in float32, in the same order. Per axis:
 *   u = scale·x − mean, Butterworth sections (biquad.c), two-pass moments, Welch PSD of y − ȳ with the
 *   generated Hann window (fft.c; |X|² written in place of the bins), peaks above threshold·max interior
 *   bin, band sums over the generated bin ranges, log10(max(p, 1e−10)) with logPower.
 * Work buffer: y (4·frames bytes), the FFT buffer (4·fft_length), and a Welch sum of 4·(fft_length/2 + 1)
 * bytes when there is more than one segment.
 */
#include <math.h>

#include "mote_dsp_internal.h"

#if !defined(MOTE_DSP_FIXED)

static size_t sum_bytes(const mote_dsp_spectral_params_t *p) {
  return p->segments > 1u ? (size_t)4u * (p->fft_length / 2u + 1u) : 0u;
}

size_t mote_dsp_spectral_work_bytes(const mote_dsp_spectral_params_t *params) {
  mote_dsp_spectral_params_t p;
  MOTE_READ_PARAMS(&p, params);
  return (size_t)4u * p.frames + (size_t)4u * p.fft_length + sum_bytes(&p);
}

static void moment_features(const float *y, uint16_t n, float *mean, mote_dsp_feature_t *out) {
  float sum = 0.0f, s2 = 0.0f, s3 = 0.0f, s4 = 0.0f, m2;
  uint16_t t;
  for (t = 0; t < n; t++) sum += y[t];
  *mean = sum / (float)n;
  for (t = 0; t < n; t++) {
    float d = y[t] - *mean, d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  m2 = s2 / (float)n;
  out[0] = sqrtf(m2);
  out[1] = m2 <= 1e-20f ? 0.0f : s3 / (float)n / (m2 * sqrtf(m2));
  out[2] = m2 <= 1e-20f ? 0.0f : s4 / (float)n / (m2 * m2) - 3.0f;
}

/** One segment's |X|² into fft[0…n/2]. */
static void segment_power(const mote_dsp_spectral_params_t *p, const float *y, float *fft) {
  uint16_t n = p->fft_length, k;
  float dc, nyquist;
  for (k = 0; k < p->segment; k++) fft[k] = y[k] * MOTE_DSP_READ_WEIGHT(&p->window[k]);
  for (; k < n; k++) fft[k] = 0.0f;
  mote_fft_real_f32(fft, n, p->cosines);
  dc = fft[0];
  nyquist = fft[1];
  for (k = 1; k < n / 2u; k++) fft[k] = fft[2u * k] * fft[2u * k] + fft[2u * k + 1u] * fft[2u * k + 1u];
  fft[0] = dc * dc;
  fft[n / 2u] = nyquist * nyquist;
}

/** Welch PSD, normalised and one-sided, into psd[0…n/2] (psd is `fft` or the separate sum). */
static float *welch(const mote_dsp_spectral_params_t *p, const float *y, float *fft, float *sum) {
  uint16_t bins = (uint16_t)(p->fft_length / 2u + 1u), k, seg;
  float *psd = p->segments > 1u ? sum : fft;
  for (seg = 0; seg < p->segments; seg++) {
    segment_power(p, &y[(uint32_t)seg * p->hop], fft);
    if (p->segments > 1u)
      for (k = 0; k < bins; k++) sum[k] = (seg == 0u ? 0.0f : sum[k]) + fft[k];
  }
  for (k = 0; k < bins; k++) psd[k] *= (k == 0u || k == bins - 1u ? 1.0f : 2.0f) * p->power_norm;
  return psd;
}

static float level(const mote_dsp_spectral_params_t *p, float power) {
  return p->log_power ? log10f(power > 1e-10f ? power : 1e-10f) : power;
}

static void peaks_and_bands(const mote_dsp_spectral_params_t *p, const float *psd, mote_dsp_feature_t *out) {
  uint16_t half = (uint16_t)(p->fft_length / 2u), k, i, previous_bin = 0;
  float highest = 0.0f, previous_power = 0.0f;
  for (k = 1; k < half; k++)
    if (psd[k] > highest) highest = psd[k];
  for (i = 0; i < p->peaks; i++) {
    float best = 0.0f;
    uint16_t best_bin = 0;
    for (k = 1; k < half; k++) {
      float v = psd[k];
      int after = i == 0u || v < previous_power || (v == previous_power && k > previous_bin);
      if (!(v > psd[k - 1u] && v >= psd[k + 1u] && v > p->threshold * highest) || !after) continue;
      if (best_bin == 0u || v > best) {
        best = v;
        best_bin = k;
      }
    }
    out[2u * i] = (float)best_bin * p->bin_hz;
    out[2u * i + 1u] = level(p, best);
    previous_power = best;
    previous_bin = best_bin == 0u ? 0xFFFFu : best_bin;
  }
  out += 2u * p->peaks;
  for (i = 0; i < p->bands; i++) {
    uint16_t lo = MOTE_READ_TABLE_U16(&p->band_bins[2u * i]), hi = MOTE_READ_TABLE_U16(&p->band_bins[2u * i + 1u]);
    float sum = 0.0f;
    for (k = lo; k < hi; k++) sum += psd[k];
    out[i] = level(p, sum);
  }
}

mote_dsp_status_t mote_dsp_spectral_compute(const mote_dsp_spectral_params_t *params,
                                            const mote_dsp_sample_t *input, mote_dsp_feature_t *output,
                                            void *work, size_t work_bytes) {
  mote_dsp_spectral_params_t p;
  float *y = (float *)work, *fft, *sum;
  uint8_t axis;
  uint16_t per_axis, t;
  MOTE_READ_PARAMS(&p, params);
  if (p.frames < 2u || p.segment > p.fft_length || p.segment > p.frames) return MOTE_DSP_ERROR_PARAMS;
  if (work_bytes < mote_dsp_spectral_work_bytes(params)) return MOTE_DSP_ERROR_WORK_BUFFER;
  fft = y + p.frames;
  sum = fft + p.fft_length;
  per_axis = (uint16_t)(3u + 2u * p.peaks + p.bands);
  for (axis = 0; axis < p.axes; axis++) {
    mote_dsp_feature_t *out = &output[(uint32_t)axis * per_axis];
    float mean = 0.0f;
    for (t = 0; t < p.frames; t++) mean += y[t] = p.scale * input[(uint32_t)t * p.axes + axis];
    mean /= (float)p.frames;
    for (t = 0; t < p.frames; t++) y[t] -= mean;
    if (p.sections > 0u) mote_biquad_f32(p.sos, p.sections, y, p.frames);
    moment_features(y, p.frames, &mean, out);
    for (t = 0; t < p.frames; t++) y[t] -= mean;
    peaks_and_bands(&p, welch(&p, y, fft, sum), out + 3);
  }
  return MOTE_DSP_OK;
}

#else
typedef int mote_dsp_spectral_f32_unused_t; /* ISO C forbids an empty translation unit. */
#endif
