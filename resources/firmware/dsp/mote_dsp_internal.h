/*
 * Pieces the blocks share: the real FFT (fft.c), the fixed build's arithmetic (fixed_math.c), Butterworth
 * sections (biquad.c), moments (moments.c) and the audio front end (audio_frontend.c). Not an API.
 */
#ifndef MOTE_DSP_INTERNAL_H
#define MOTE_DSP_INTERNAL_H

#include "mote_dsp.h"

/* Work buffers are carved from the caller's block in these units, so every piece stays aligned. */
#define MOTE_DSP_ALIGN(bytes) (((bytes) + 3u) & ~(size_t)3u)

#if defined(MOTE_DSP_FIXED)

/**
 * A non-negative number as mantissa × 2^exponent, the mantissa normalised to [2^31, 2^32) or 0: how the
 * fixed build carries the few per-feature quantities whose range no fixed Q format holds (moments,
 * powers, energies) from the integer sums to the Q16.16 feature. Only integer operations.
 */
typedef struct {
  uint32_t m;
  int16_t e;
} mote_fx_t;

mote_fx_t mote_fx_from_u64(uint64_t value, int16_t exponent);
mote_fx_t mote_fx_from_const(const mote_dsp_const_t *c);
mote_fx_t mote_fx_mul(mote_fx_t a, mote_fx_t b);
/** a / b; b must not be 0. */
mote_fx_t mote_fx_div(mote_fx_t a, mote_fx_t b);
mote_fx_t mote_fx_sqrt(mote_fx_t a);
/** round(a · 2^16), saturated to INT32_MAX. */
int32_t mote_fx_to_q16(mote_fx_t a);
/** log2(a) in Q16.16; a must not be 0. */
int32_t mote_fx_log2_q16(mote_fx_t a);
/** round(value · mantissa / 2^shift) saturated to int32 (|value| < 2^32, shift 1…62). */
int32_t mote_mul_shift_sat(int64_t value, int32_t mantissa, int8_t shift);
int32_t mote_sat_q16(int64_t value);
/** Index of the highest set bit (0 for 0 and 1). */
uint8_t mote_msb32(uint32_t v);

/** Largest component magnitude the FFT takes unscaled: 2^15 / (1 + √2), so a butterfly cannot overflow. */
#define MOTE_FFT_HEADROOM 13572

/**
 * In-place real FFT of `n` int16 values (n = 2^k ≥ 4), block floating point: bins are written as pairs
 * (re, im) for k = 1…n/2 − 1, with bin 0's real part at [0] and bin n/2's real part at [1]; the true
 * spectrum is the output × 2^(returned exponent) (the input must be ≤ MOTE_FFT_HEADROOM in magnitude).
 */
int16_t mote_fft_real_q15(int16_t *data, uint16_t n, const int16_t *cosines);

/**
 * Multiplies `length` samples by a Q15 window into `out` (zero-padded to `n`), scaled by 2^s so that the
 * largest magnitude lies just under MOTE_FFT_HEADROOM; returns s (the frame is the product × 2^s).
 */
int16_t mote_window_q15(const int16_t *samples, uint16_t length, const int16_t *window, int16_t *out,
                        uint16_t n);

/** Moments of n int16 values: the sums of powers 2, 3 and 4 of (x − mean) as mote_fx_t. */
typedef struct {
  mote_fx_t s2;
  mote_fx_t s3;
  mote_fx_t s4;
  int8_t s3_negative;
} mote_moments_t;
mote_moments_t mote_moments_i16(const int16_t *x, uint16_t n);

/** Runs `sections` Q30 sections over x in place (|x| ≤ 2^13 in for headroom; out saturated at ±2^14). */
void mote_biquad_q30(const int32_t *sos, uint8_t sections, int16_t *x, uint16_t n);

#else /* float */

/** In-place real FFT of n floats; output layout as the fixed build's (bin 0 at [0], bin n/2 at [1]). */
void mote_fft_real_f32(float *data, uint16_t n, const float *cosines);
void mote_biquad_f32(const float *sos, uint8_t sections, float *x, uint16_t n);

#endif

/** Bytes of the audio front end's FFT buffer. */
size_t mote_audio_work_bytes(const mote_dsp_audio_params_t *p);

/**
 * Mel energies of every filter of frame `frame` into `energies` (float: linear energies; fixed: log2 of
 * the energy in Q16.16, INT32_MIN for zero energy). `fft` is a work buffer of fft_length values.
 */
#if defined(MOTE_DSP_FIXED)
void mote_audio_log2_energies(const mote_dsp_audio_params_t *p, const mote_dsp_sample_t *input, uint16_t frame,
                              int16_t *fft, int32_t *energies);
#else
void mote_audio_energies(const mote_dsp_audio_params_t *p, const mote_dsp_sample_t *input, uint16_t frame,
                         float *fft, float *energies);
#endif

#endif /* MOTE_DSP_INTERNAL_H */
