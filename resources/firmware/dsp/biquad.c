/*
 * Butterworth second-order sections (coefficients from src/core/dsp/biquad.ts, generated), run in place
 * over a signal, section after section, from zero state in every window.
 * Float: transposed direct form II, as the TypeScript: y = b0·x + s1; s1 = b1·x − a1·y + s2; s2 = b2·x − a2·y.
 * Fixed: direct form I with Q30 coefficients and a 64-bit accumulator; the fed-back outputs keep 8 extra
 * fraction bits (y in Q8) so that poles near z = 1 (low cutoff / rate) do not amplify a coarse state; the
 * section's output is rounded back to int16, saturated at ±2^14 (moments.c needs |x|·n < 2^31).
 */
#include "mote_dsp_internal.h"

#if defined(MOTE_DSP_FIXED)

void mote_biquad_q30(const int32_t *sos, uint8_t sections, int16_t *x, uint16_t n) {
  uint8_t s;
  uint16_t i;
  for (s = 0; s < sections; s++) {
    int32_t b0 = MOTE_READ_TABLE_I32(&sos[5u * s]), b1 = MOTE_READ_TABLE_I32(&sos[5u * s + 1u]);
    int32_t b2 = MOTE_READ_TABLE_I32(&sos[5u * s + 2u]), a1 = MOTE_READ_TABLE_I32(&sos[5u * s + 3u]);
    int32_t a2 = MOTE_READ_TABLE_I32(&sos[5u * s + 4u]);
    int32_t x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (i = 0; i < n; i++) {
      int32_t in = x[i];
      int64_t acc = ((int64_t)b0 * in + (int64_t)b1 * x1 + (int64_t)b2 * x2) * 256;
      int32_t y, out;
      acc -= (int64_t)a1 * y1 + (int64_t)a2 * y2;
      y = (int32_t)((acc + ((int64_t)1 << 29)) >> 30);
      x2 = x1;
      x1 = in;
      y2 = y1;
      y1 = y;
      out = (y + 128) >> 8;
      x[i] = (int16_t)(out > 16383 ? 16383 : (out < -16383 ? -16383 : out));
    }
  }
}

#else

void mote_biquad_f32(const float *sos, uint8_t sections, float *x, uint16_t n) {
  uint8_t s;
  uint16_t i;
  for (s = 0; s < sections; s++) {
    float b0 = MOTE_READ_TABLE_F32(&sos[5u * s]), b1 = MOTE_READ_TABLE_F32(&sos[5u * s + 1u]);
    float b2 = MOTE_READ_TABLE_F32(&sos[5u * s + 2u]), a1 = MOTE_READ_TABLE_F32(&sos[5u * s + 3u]);
    float a2 = MOTE_READ_TABLE_F32(&sos[5u * s + 4u]);
    float s1 = 0.0f, s2 = 0.0f;
    for (i = 0; i < n; i++) {
      float in = x[i];
      float out = b0 * in + s1;
      s1 = b1 * in - a1 * out + s2;
      s2 = b2 * in - a2 * out;
      x[i] = out;
    }
  }
}

#endif
