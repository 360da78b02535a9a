/*
 * The audio front end MFE and MFCC share (docs/dsp.md "Audio front end"): for frame t of the window,
 * pre-emphasis v[i] = u[i] − α·u[i−1] (u = inputScale·x, over the whole window: the first sample of a
 * frame uses the sample before it), the window, zero-padding to N, |X[k]|² / N, and the sparse mel
 * filterbank E[m] = Σ_k W[m][k]·P[k]. Pre-emphasis is computed on the fly, so the only buffer is the
 * FFT's: N values (2N bytes fixed, 4N float).
 *
 * Fixed build: v in Q8 (v8 = 256·x − α_q15·x_prev / 128, exact to 1/256 count), scaled into int16 by 2^−s1
 * in the FFT buffer, windowed into the FFT's headroom (frame.c), FFT (fft.c, block floating point); the
 * filterbank sums W_q15·(re² + im²) exactly in 64 bits; the result leaves as log2(E) in Q16.16 with every
 * exponent and the generated log2(LSB²·inputScale²/N) added, so no level can overflow.
 */
#include <math.h>

#include "mote_dsp_internal.h"

size_t mote_audio_work_bytes(const mote_dsp_audio_params_t *p) {
#if defined(MOTE_DSP_FIXED)
  return (size_t)2u * p->fft_length;
#else
  return (size_t)4u * p->fft_length;
#endif
}

#if defined(MOTE_DSP_FIXED)

static int32_t emphasised_q8(const mote_dsp_audio_params_t *p, const int16_t *x, uint32_t i) {
  int32_t previous = i == 0u ? 0 : x[i - 1u];
  return (int32_t)x[i] * 256 - ((p->pre_emphasis_q15 * previous + 64) >> 7);
}

/** Pre-emphasised frame into fft[0…L−1] as int16; returns s1 (fft = v8 · 2^−s1). */
static uint8_t load_frame(const mote_dsp_audio_params_t *p, const int16_t *x, uint32_t start, int16_t *fft) {
  int32_t largest = 0;
  uint8_t s1 = 0;
  uint16_t i;
  for (i = 0; i < p->frame_length; i++) {
    int32_t v = emphasised_q8(p, x, start + i);
    if (v < 0) v = -v;
    if (v > largest) largest = v;
  }
  while ((largest >> s1) > 32767) s1++;
  for (i = 0; i < p->frame_length; i++) {
    int32_t v = emphasised_q8(p, x, start + i);
    fft[i] = (int16_t)(s1 == 0u ? v : (v + ((int32_t)1 << (s1 - 1u))) >> s1);
  }
  return s1;
}

static uint32_t bin_power(const int16_t *fft, uint16_t n, uint16_t k) {
  int32_t re, im;
  if (k == 0u || k == n / 2u) {
    re = fft[k == 0u ? 0u : 1u];
    return (uint32_t)(re * re);
  }
  re = fft[2u * k];
  im = fft[2u * k + 1u];
  return (uint32_t)(re * re) + (uint32_t)(im * im);
}

void mote_audio_log2_energies(const mote_dsp_audio_params_t *p, const mote_dsp_sample_t *input, uint16_t frame,
                              int16_t *fft, int32_t *energies) {
  uint8_t s1 = load_frame(p, input, (uint32_t)frame * p->frame_stride, fft);
  int16_t s2 = mote_window_q15(fft, p->frame_length, p->window, fft, p->fft_length);
  int16_t e = mote_fft_real_q15(fft, p->fft_length, p->cosines);
  /* X (counts) = out · 2^(e − s2 − 15 + s1 − 8); E = Σ W_q15·|out|² · 2^(2·that − 15) · LSB²·scale²/N */
  int16_t exponent = (int16_t)(2 * (e - s2 - 15 + s1 - 8) - 15);
  uint16_t m, j;
  for (m = 0; m < p->filters; m++) {
    uint16_t first = MOTE_READ_TABLE_U16(&p->filter_bins[3u * m]);
    uint16_t count = MOTE_READ_TABLE_U16(&p->filter_bins[3u * m + 1u]);
    uint16_t offset = MOTE_READ_TABLE_U16(&p->filter_bins[3u * m + 2u]);
    uint64_t sum = 0;
    for (j = 0; j < count; j++)
      sum += (uint64_t)(uint16_t)MOTE_DSP_READ_WEIGHT(&p->weights[offset + j]) * bin_power(fft, p->fft_length, (uint16_t)(first + j));
    energies[m] = sum == 0u ? INT32_MIN
                            : mote_fx_log2_q16(mote_fx_from_u64(sum, exponent)) + p->log2_gain_q16;
  }
}

#else

void mote_audio_energies(const mote_dsp_audio_params_t *p, const mote_dsp_sample_t *input, uint16_t frame,
                         float *fft, float *energies) {
  uint32_t start = (uint32_t)frame * p->frame_stride;
  uint16_t n = p->fft_length, i, m, j;
  float inverse_n = 1.0f / (float)n;
  for (i = 0; i < p->frame_length; i++) {
    uint32_t at = start + i;
    float u = p->input_scale * input[at];
    float previous = at == 0u ? 0.0f : p->input_scale * input[at - 1u];
    fft[i] = (u - p->pre_emphasis * previous) * MOTE_DSP_READ_WEIGHT(&p->window[i]);
  }
  for (; i < n; i++) fft[i] = 0.0f;
  mote_fft_real_f32(fft, n, p->cosines);
  for (m = 0; m < p->filters; m++) {
    uint16_t first = MOTE_READ_TABLE_U16(&p->filter_bins[3u * m]);
    uint16_t count = MOTE_READ_TABLE_U16(&p->filter_bins[3u * m + 1u]);
    uint16_t offset = MOTE_READ_TABLE_U16(&p->filter_bins[3u * m + 2u]);
    float sum = 0.0f;
    for (j = 0; j < count; j++) {
      uint16_t k = (uint16_t)(first + j);
      float power = k == 0u ? fft[0] * fft[0]
                  : k == n / 2u ? fft[1] * fft[1]
                  : fft[2u * k] * fft[2u * k] + fft[2u * k + 1u] * fft[2u * k + 1u];
      sum += MOTE_DSP_READ_WEIGHT(&p->weights[offset + j]) * (power * inverse_n);
    }
    energies[m] = sum;
  }
}

#endif
