/*
 * Raw block: y[t][a] = (x[t][a] − offset[a]) · gain[a] (gain = axisScale[a] · scale), interleaved.
 * Fixed build: x is the sensor's count; with the offset in counts (Q8) and the gain as a Q31 mantissa and a
 * right shift (both generated), y = round((256·x − offset_q8) · mantissa / 2^shift) is Q16.16 directly,
 * saturated. No work buffer.
 */
#include "mote_dsp_internal.h"

size_t mote_dsp_raw_work_bytes(const mote_dsp_raw_params_t *params) {
  (void)params;
  return 0u;
}

mote_dsp_status_t mote_dsp_raw_compute(const mote_dsp_raw_params_t *params, const mote_dsp_sample_t *input,
                                       mote_dsp_feature_t *output) {
  mote_dsp_raw_params_t p;
  uint8_t a;
  uint16_t t;
  MOTE_READ_PARAMS(&p, params);
  if (p.axes == 0u) return MOTE_DSP_ERROR_PARAMS;
  for (a = 0; a < p.axes; a++) {
#if defined(MOTE_DSP_FIXED)
    int32_t offset = MOTE_READ_TABLE_I32(&p.offset_q8[a]), mantissa = MOTE_READ_TABLE_I32(&p.gain_mantissa[a]);
    int8_t shift = MOTE_READ_TABLE_I8(&p.gain_shift[a]);
    for (t = 0; t < p.frames; t++) {
      uint32_t i = (uint32_t)t * p.axes + a;
      output[i] = mote_mul_shift_sat((int64_t)input[i] * 256 - offset, mantissa, shift);
    }
#else
    float offset = MOTE_READ_TABLE_F32(&p.offset[a]), gain = MOTE_READ_TABLE_F32(&p.gain[a]);
    for (t = 0; t < p.frames; t++) {
      uint32_t i = (uint32_t)t * p.axes + a;
      output[i] = (input[i] - offset) * gain;
    }
#endif
  }
  return MOTE_DSP_OK;
}
