/*
 * MFCC (docs/dsp.md "MFCC block"): l[m] = ln(max(E[m], floor energy)), then the generated DCT-II table
 * (orthonormal, lifter folded in): c[k] = Σ_m dct[k][m]·l[m]. Output [frames, coefficients]. Work buffer:
 * the front end's FFT buffer, then `filters` log energies (4 bytes each).
 * Fixed build: ln from the front end's Q16.16 log2 (× ln 2), the DCT table in Q(dct_shift), sums in 64 bits.
 */
#include <math.h>

#include "mote_dsp_internal.h"

#define LN2_Q30 744261118 /* ln(2) · 2^30 */

size_t mote_dsp_mfcc_work_bytes(const mote_dsp_mfcc_params_t *params) {
  mote_dsp_mfcc_params_t p;
  MOTE_READ_PARAMS(&p, params);
  return MOTE_DSP_ALIGN(mote_audio_work_bytes(&p.audio)) + (size_t)4u * p.audio.filters;
}

mote_dsp_status_t mote_dsp_mfcc_compute(const mote_dsp_mfcc_params_t *params, const mote_dsp_sample_t *input,
                                        mote_dsp_feature_t *output, void *work, size_t work_bytes) {
  mote_dsp_mfcc_params_t p;
  uint16_t t, m, k, filters;
  size_t fft_bytes;
  MOTE_READ_PARAMS(&p, params);
  filters = p.audio.filters;
  if (p.audio.frame_length > p.audio.fft_length || p.coefficients > filters) return MOTE_DSP_ERROR_PARAMS;
  if (work_bytes < mote_dsp_mfcc_work_bytes(params)) return MOTE_DSP_ERROR_WORK_BUFFER;
  fft_bytes = MOTE_DSP_ALIGN(mote_audio_work_bytes(&p.audio));
  for (t = 0; t < p.audio.frame_count; t++) {
    mote_dsp_feature_t *row = &output[(uint32_t)t * p.coefficients];
#if defined(MOTE_DSP_FIXED)
    int32_t *logs = (int32_t *)((uint8_t *)work + fft_bytes);
    mote_audio_log2_energies(&p.audio, input, t, (int16_t *)work, logs);
    for (m = 0; m < filters; m++) {
      int32_t l2 = logs[m] < p.floor_log2_q16 ? p.floor_log2_q16 : logs[m];
      logs[m] = (int32_t)(((int64_t)l2 * LN2_Q30) >> 30);
    }
    for (k = 0; k < p.coefficients; k++) {
      int64_t sum = 0;
      for (m = 0; m < filters; m++)
        sum += (int64_t)MOTE_DSP_READ_WEIGHT(&p.dct[(uint32_t)k * filters + m]) * logs[m];
      row[k] = mote_sat_q16((sum + ((int64_t)1 << (p.dct_shift - 1u))) >> p.dct_shift);
    }
#else
    float *logs = (float *)((uint8_t *)work + fft_bytes);
    mote_audio_energies(&p.audio, input, t, (float *)work, logs);
    for (m = 0; m < filters; m++) logs[m] = logf(logs[m] > p.floor_energy ? logs[m] : p.floor_energy);
    for (k = 0; k < p.coefficients; k++) {
      float sum = 0.0f;
      for (m = 0; m < filters; m++) sum += MOTE_DSP_READ_WEIGHT(&p.dct[(uint32_t)k * filters + m]) * logs[m];
      row[k] = sum;
    }
#endif
  }
  return MOTE_DSP_OK;
}
