/*
 * Fixed build: a frame times its window, scaled into the FFT's headroom (block floating point). Two passes
 * over the frame — the largest product first, then the scaled products — so no second buffer is needed;
 * `out` may be `samples` (in place).
 */
#include "mote_dsp_internal.h"

#if defined(MOTE_DSP_FIXED)

int16_t mote_window_q15(const int16_t *samples, uint16_t length, const int16_t *window, int16_t *out,
                        uint16_t n) {
  int32_t largest = 0;
  int16_t shift = 0; /* the frame is product · 2^−shift */
  uint16_t i;
  for (i = 0; i < length; i++) {
    int32_t p = (int32_t)samples[i] * MOTE_DSP_READ_WEIGHT(&window[i]);
    if (p < 0) p = -p;
    if (p > largest) largest = p;
  }
  if (largest != 0) {
    while ((largest >> shift) > MOTE_FFT_HEADROOM) shift++;
    if (shift == 0)
      while (shift > -16 && (largest << (1 - shift)) <= MOTE_FFT_HEADROOM) shift--;
  }
  for (i = 0; i < length; i++) {
    int32_t p = (int32_t)samples[i] * MOTE_DSP_READ_WEIGHT(&window[i]);
    out[i] = (int16_t)(shift > 0 ? (p + ((int32_t)1 << (shift - 1))) >> shift : p * ((int32_t)1 << -shift));
  }
  for (; i < n; i++) out[i] = 0;
  return (int16_t)-shift;
}

#else
typedef int mote_dsp_frame_unused_t; /* ISO C forbids an empty translation unit. */
#endif
