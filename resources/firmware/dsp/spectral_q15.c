/*
 * Spectral analysis, fixed build (docs/dsp.md "Spectral analysis block"; the float build is
 * spectral_f32.c). Per axis:
 *   1. y8 = 256·x − round(256·mean(x)) (the mean removed to 1/512 of a count), scaled by 2^−r into ±2^12
 *      as int16 y (headroom for the filter); a constant axis stays all zero.
 *   2. the Butterworth sections (biquad.c), 3. moments (moments.c), then y minus its rounded mean;
 *   4. Welch: each segment windowed into the FFT's headroom (frame.c), FFT (fft.c), |X|² as uint32 in
 *      place of the bins; several segments accumulate with a common exponent and log2(segments) guard bits;
 *   5./6. peaks and bands compare and sum the integer powers (c_k = 1 at DC and Nyquist, else 2);
 *   7. features leave through mote_fx_t: power = c_k·P·2^(exponent + 2r) · power_factor (generated), so
 *      neither the input level nor scale can overflow; log10 from the integer log2.
 * Work buffer: y (2·frames bytes, rounded up to 4), the FFT/power buffer (2·fft_length + 4 bytes), and a
 * second power buffer of 2·fft_length + 4 bytes when there is more than one segment.
 */
#include "mote_dsp_internal.h"

#if defined(MOTE_DSP_FIXED)

#define LOG10_2_Q31 646456993 /* log10(2) · 2^31 */
#define POWER_FLOOR_LOG10_Q16 (-655360) /* log10(1e−10) */

typedef struct {
  int16_t *y;
  int16_t *fft;
  uint32_t *acc;
  int16_t exponent; /* power of the FFT buffer's bins = value · 2^exponent (y units²) */
} spectral_work_t;

static size_t bins_bytes(uint16_t n) {
  return (size_t)4u * (n / 2u + 1u);
}

size_t mote_dsp_spectral_work_bytes(const mote_dsp_spectral_params_t *params) {
  mote_dsp_spectral_params_t p;
  MOTE_READ_PARAMS(&p, params);
  return MOTE_DSP_ALIGN((size_t)2u * p.frames) + bins_bytes(p.fft_length) +
         (p.segments > 1u ? bins_bytes(p.fft_length) : 0u);
}

static uint32_t get_power(const int16_t *fft, uint16_t k) {
  uint32_t v;
  memcpy(&v, &fft[2u * k], sizeof v);
  return v;
}

static void set_power(int16_t *fft, uint16_t k, uint32_t v) {
  memcpy(&fft[2u * k], &v, sizeof v);
}

/** c_k·P[k]: the one-sided factor 2 except at DC and Nyquist. */
static uint32_t psd(const spectral_work_t *w, uint16_t n, uint16_t k) {
  uint32_t v = get_power(w->fft, k); /* < 2^31, so 2v fits */
  return (k == 0u || k == n / 2u) ? v : 2u * v;
}

/** Step 1: axis `axis` of the window, mean removed, into w->y; returns r (y = y8 · 2^−r). */
static int8_t load_axis(const mote_dsp_spectral_params_t *p, const int16_t *input, uint8_t axis, int16_t *y) {
  int32_t total = 0, largest = 0, mean_q8, top = p->sections > 0u ? 8192 : 16384;
  int8_t r = 0;
  uint16_t t;
  for (t = 0; t < p->frames; t++) total += input[(uint32_t)t * p->axes + axis];
  mean_q8 = (int32_t)(((int64_t)total * 256 * 2 + (total < 0 ? -(int64_t)p->frames : p->frames)) /
                      (2 * (int64_t)p->frames));
  for (t = 0; t < p->frames; t++) {
    int32_t v = (int32_t)input[(uint32_t)t * p->axes + axis] * 256 - mean_q8;
    if (v < 0) v = -v;
    if (v > largest) largest = v;
  }
  while ((largest >> r) > top) r++;
  if (r == 0)
    while (largest != 0 && r > -14 && (largest << (1 - r)) <= top) r--;
  for (t = 0; t < p->frames; t++) {
    int32_t v = (int32_t)input[(uint32_t)t * p->axes + axis] * 256 - mean_q8;
    y[t] = (int16_t)(r > 0 ? (v + ((int32_t)1 << (r - 1))) >> r : v * ((int32_t)1 << -r));
  }
  return r;
}

/** One Welch segment's |X|² into the FFT buffer's bins; returns their exponent (y units²). */
static int16_t segment_power(const mote_dsp_spectral_params_t *p, const int16_t *y, int16_t *fft) {
  uint16_t n = p->fft_length, k;
  int16_t s = mote_window_q15(y, p->segment, p->window, fft, n);
  int16_t e = mote_fft_real_q15(fft, n, p->cosines);
  int32_t dc = fft[0], nyquist = fft[1];
  for (k = 1; k < n / 2u; k++) {
    int32_t re = fft[2u * k], im = fft[2u * k + 1u];
    set_power(fft, k, (uint32_t)(re * re) + (uint32_t)(im * im));
  }
  set_power(fft, 0, (uint32_t)(dc * dc));
  set_power(fft, n / 2u, (uint32_t)(nyquist * nyquist));
  return (int16_t)(2 * (e - s - 15));
}

/** Step 4: the (unnormalised) Welch sum into w->fft's bins and w->exponent. */
static void welch(const mote_dsp_spectral_params_t *p, spectral_work_t *w) {
  uint16_t bins = (uint16_t)(p->fft_length / 2u + 1u), k, seg;
  uint8_t guard = 0;
  if (p->segments == 1u) {
    w->exponent = segment_power(p, w->y, w->fft);
    return;
  }
  while ((1u << guard) < p->segments) guard++;
  for (seg = 0; seg < p->segments; seg++) {
    int16_t e = (int16_t)(segment_power(p, &w->y[(uint32_t)seg * p->hop], w->fft) + guard);
    if (seg == 0u || e > w->exponent) {
      int16_t drop = seg == 0u ? 0 : (int16_t)(e - w->exponent);
      for (k = 0; k < bins; k++) w->acc[k] = seg == 0u || drop >= 32 ? 0u : w->acc[k] >> drop;
      w->exponent = e;
    }
    for (k = 0; k < bins; k++) {
      int16_t shift = (int16_t)(w->exponent - e + guard);
      w->acc[k] += shift >= 32 ? 0u : get_power(w->fft, k) >> shift;
    }
  }
  for (k = 0; k < bins; k++) set_power(w->fft, k, w->acc[k]);
}

/** A power (c_k·P, with the block's exponent) as its Q16.16 feature: linear or log10, floored. */
static int32_t power_feature(const mote_dsp_spectral_params_t *p, uint64_t value, int16_t exponent) {
  mote_fx_t power = mote_fx_mul(mote_fx_from_u64(value, exponent), mote_fx_from_const(&p->power_factor));
  int32_t level;
  if (!p->log_power) return mote_fx_to_q16(power);
  if (power.m == 0u) return POWER_FLOOR_LOG10_Q16;
  level = (int32_t)(((int64_t)mote_fx_log2_q16(power) * LOG10_2_Q31) >> 31);
  return level < POWER_FLOOR_LOG10_Q16 ? POWER_FLOOR_LOG10_Q16 : level;
}

/** Steps 5–6 into out (peaks then bands). */
static void peaks_and_bands(const mote_dsp_spectral_params_t *p, const spectral_work_t *w, int16_t exponent,
                            mote_dsp_feature_t *out) {
  uint16_t n = p->fft_length, k, i;
  uint32_t highest = 0, previous_power = 0, threshold;
  uint16_t previous_bin = 0;
  for (k = 1; k < n / 2u; k++)
    if (psd(w, n, k) > highest) highest = psd(w, n, k);
  /* v·2^24 > t·highest  ⟺  v > ⌊t·highest / 2^24⌋ for an integer v */
  threshold = (uint32_t)(((uint64_t)p->threshold_q24 * highest) >> 24);
  for (i = 0; i < p->peaks; i++) {
    uint32_t best = 0;
    uint16_t best_bin = 0;
    for (k = 1; k < n / 2u; k++) {
      uint32_t v = psd(w, n, k);
      int after = i == 0u || v < previous_power || (v == previous_power && k > previous_bin);
      if (!(v > psd(w, n, (uint16_t)(k - 1u)) && v >= psd(w, n, (uint16_t)(k + 1u)))) continue;
      if (v <= threshold || !after) continue;
      if (best_bin == 0u || v > best) {
        best = v;
        best_bin = k;
      }
    }
    out[2u * i] = best_bin == 0u ? 0 : mote_sat_q16(((int64_t)best_bin * p->rate_q16 + n / 2u) >> mote_msb32(n));
    out[2u * i + 1u] = power_feature(p, best_bin == 0u ? 0u : best, exponent);
    previous_power = best;
    previous_bin = best_bin == 0u ? 0xFFFFu : best_bin;
  }
  out += 2u * p->peaks;
  for (i = 0; i < p->bands; i++) {
    uint16_t lo = MOTE_READ_TABLE_U16(&p->band_bins[2u * i]), hi = MOTE_READ_TABLE_U16(&p->band_bins[2u * i + 1u]);
    uint64_t sum = 0;
    for (k = lo; k < hi; k++) sum += psd(w, n, k);
    out[i] = power_feature(p, sum, exponent);
  }
}

/** Step 3's features: rms, skewness, kurtosis. */
static void moment_features(const mote_dsp_spectral_params_t *p, const int16_t *y, int8_t r,
                            mote_dsp_feature_t *out) {
  mote_moments_t m = mote_moments_i16(y, p->frames);
  mote_fx_t n = mote_fx_from_u64(p->frames, 0), root_s2 = mote_fx_sqrt(m.s2);
  mote_fx_t rms = mote_fx_mul(root_s2, mote_fx_from_const(&p->rms_factor));
  int32_t skew;
  rms.e = (int16_t)(rms.e + r);
  out[0] = mote_fx_to_q16(rms);
  if (m.s2.m == 0u) {
    out[1] = 0;
    out[2] = 0;
    return;
  }
  skew = mote_fx_to_q16(mote_fx_div(mote_fx_mul(m.s3, mote_fx_sqrt(n)), mote_fx_mul(m.s2, root_s2)));
  out[1] = (m.s3_negative != 0) != (p->negative != 0) ? -skew : skew;
  out[2] = mote_fx_to_q16(mote_fx_div(mote_fx_mul(m.s4, n), mote_fx_mul(m.s2, m.s2))) - 3 * 65536;
}

mote_dsp_status_t mote_dsp_spectral_compute(const mote_dsp_spectral_params_t *params,
                                            const mote_dsp_sample_t *input, mote_dsp_feature_t *output,
                                            void *work, size_t work_bytes) {
  mote_dsp_spectral_params_t p;
  spectral_work_t w;
  uint8_t axis;
  uint16_t per_axis, t;
  MOTE_READ_PARAMS(&p, params);
  if (p.frames < 2u || p.segment > p.fft_length || p.segment > p.frames) return MOTE_DSP_ERROR_PARAMS;
  if (work_bytes < mote_dsp_spectral_work_bytes(params)) return MOTE_DSP_ERROR_WORK_BUFFER;
  w.exponent = 0;
  w.y = (int16_t *)work;
  w.fft = (int16_t *)((uint8_t *)work + MOTE_DSP_ALIGN((size_t)2u * p.frames));
  w.acc = (uint32_t *)((uint8_t *)w.fft + bins_bytes(p.fft_length));
  per_axis = (uint16_t)(3u + 2u * p.peaks + p.bands);
  for (axis = 0; axis < p.axes; axis++) {
    mote_dsp_feature_t *out = &output[(uint32_t)axis * per_axis];
    int8_t r = load_axis(&p, input, axis, w.y);
    int32_t total = 0, mean;
    if (p.sections > 0u) mote_biquad_q30(p.sos, p.sections, w.y, p.frames);
    moment_features(&p, w.y, r, out);
    for (t = 0; t < p.frames; t++) total += w.y[t];
    mean = (total >= 0 ? total + p.frames / 2 : total - p.frames / 2) / (int32_t)p.frames;
    for (t = 0; t < p.frames; t++) w.y[t] = (int16_t)(w.y[t] - mean);
    welch(&p, &w);
    peaks_and_bands(&p, &w, (int16_t)(w.exponent + 2 * r), out + 3);
  }
  return MOTE_DSP_OK;
}

#else
typedef int mote_dsp_spectral_q15_unused_t; /* ISO C forbids an empty translation unit. */
#endif
