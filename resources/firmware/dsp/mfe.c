/*
 * MFE (log-mel energies, docs/dsp.md "MFE block"): d = 10·log10(max(E, 1e−30)) dB, then
 * clip((d − floor)/(12 − floor), 0, 1) with `normalize`, else max(d, floor). Output [frames, filters],
 * computed one frame at a time straight into the output row. Work buffer: the front end's FFT buffer.
 * Fixed build: d = 10·log10(2) · log2(E) from the front end's Q16.16 log2, the division by (12 − floor)
 * a generated Q31 multiplier.
 */
#include <math.h>

#include "mote_dsp_internal.h"

#define TEN_LOG10_2_Q28 808071242 /* 10·log10(2) · 2^28 */
#define MIN_DB_Q16 (-300 * 65536) /* 10·log10(1e−30) */

size_t mote_dsp_mfe_work_bytes(const mote_dsp_mfe_params_t *params) {
  mote_dsp_mfe_params_t p;
  MOTE_READ_PARAMS(&p, params);
  return mote_audio_work_bytes(&p.audio);
}

mote_dsp_status_t mote_dsp_mfe_compute(const mote_dsp_mfe_params_t *params, const mote_dsp_sample_t *input,
                                       mote_dsp_feature_t *output, void *work, size_t work_bytes) {
  mote_dsp_mfe_params_t p;
  uint16_t t, m;
  MOTE_READ_PARAMS(&p, params);
  if (p.audio.frame_length > p.audio.fft_length) return MOTE_DSP_ERROR_PARAMS;
  if (work_bytes < mote_audio_work_bytes(&p.audio)) return MOTE_DSP_ERROR_WORK_BUFFER;
  for (t = 0; t < p.audio.frame_count; t++) {
    mote_dsp_feature_t *row = &output[(uint32_t)t * p.audio.filters];
#if defined(MOTE_DSP_FIXED)
    mote_audio_log2_energies(&p.audio, input, t, (int16_t *)work, row);
    for (m = 0; m < p.audio.filters; m++) {
      int32_t db = row[m] == INT32_MIN ? MIN_DB_Q16 : (int32_t)(((int64_t)row[m] * TEN_LOG10_2_Q28) >> 28);
      if (db < MIN_DB_Q16) db = MIN_DB_Q16;
      if (p.normalize) {
        int32_t y = mote_mul_shift_sat((int64_t)db - p.floor_db_q16, p.norm_q31, p.norm_shift);
        row[m] = y < 0 ? 0 : (y > 65536 ? 65536 : y);
      } else {
        row[m] = db < p.floor_db_q16 ? p.floor_db_q16 : db;
      }
    }
#else
    mote_audio_energies(&p.audio, input, t, (float *)work, row);
    for (m = 0; m < p.audio.filters; m++) {
      float db = 10.0f * log10f(row[m] > 1e-30f ? row[m] : 1e-30f);
      if (p.normalize) {
        float y = (db - p.floor_db) / (12.0f - p.floor_db);
        row[m] = y < 0.0f ? 0.0f : (y > 1.0f ? 1.0f : y);
      } else {
        row[m] = db < p.floor_db ? p.floor_db : db;
      }
    }
#endif
  }
  return MOTE_DSP_OK;
}
