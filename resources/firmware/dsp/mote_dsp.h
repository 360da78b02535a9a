/*
 * Mote DSP: the feature blocks of src/core/dsp in C99 (docs/dsp.md, "The C port").
 *
 * Two builds of the same sources:
 * - float (cores with an FPU): samples and features are `float`, tables are float32 — the very values the
 *   TypeScript multiplies by;
 * - fixed (cores without one: AVR, Cortex-M0+): samples are `int16_t` (the sensor's counts; the input LSB
 *   is a generation-time constant), tables are Q15/Q30 integers, features are Q16.16 `int32_t`, and no
 *   float operation is ever executed.
 * The build is chosen by MOTE_DSP_FIXED or MOTE_DSP_FLOAT; without either, AVR and cores without an FPU
 * get the fixed build and the rest the float one.
 *
 * Conventions (as the model runtime): functions are `mote_dsp_<block>_<verb>`, return a mote_dsp_status_t,
 * never allocate, and work in a caller-provided buffer (4-byte aligned) whose size
 * `mote_dsp_<block>_work_bytes()` gives (code generation computes the same figure in
 * src/core/codegen/c/dsp-params.ts). Input, output and work buffer must not overlap. Parameter structs and
 * tables are generated as const data (`MOTE_DSP_CONST`: PROGMEM on AVR) and read through the accessor
 * macros below, so the same sources run from flash on every core.
 */
#ifndef MOTE_DSP_H
#define MOTE_DSP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if !defined(MOTE_DSP_FIXED) && !defined(MOTE_DSP_FLOAT)
#if defined(__AVR__) || (defined(__arm__) && !defined(__ARM_FP))
#define MOTE_DSP_FIXED 1
#else
#define MOTE_DSP_FLOAT 1
#endif
#endif
#if defined(MOTE_DSP_FIXED) && defined(MOTE_DSP_FLOAT)
#error "define one of MOTE_DSP_FIXED and MOTE_DSP_FLOAT"
#endif

/* ---- flash data and its accessors ------------------------------------------------------------------ */
#if defined(__AVR__)
#include <avr/pgmspace.h>
#define MOTE_DSP_CONST PROGMEM
#define MOTE_READ_TABLE_U8(p) pgm_read_byte(p)
#define MOTE_READ_TABLE_I8(p) ((int8_t)pgm_read_byte(p))
#define MOTE_READ_TABLE_U16(p) pgm_read_word(p)
#define MOTE_READ_TABLE_I16(p) ((int16_t)pgm_read_word(p))
#define MOTE_READ_TABLE_I32(p) ((int32_t)pgm_read_dword(p))
#define MOTE_READ_TABLE_U32(p) ((uint32_t)pgm_read_dword(p))
#define MOTE_READ_TABLE_F32(p) pgm_read_float(p)
#define MOTE_READ_PARAMS(dst, src) memcpy_P((dst), (src), sizeof *(dst))
#else
#define MOTE_DSP_CONST
#define MOTE_READ_TABLE_U8(p) (*(const uint8_t *)(p))
#define MOTE_READ_TABLE_I8(p) (*(const int8_t *)(p))
#define MOTE_READ_TABLE_U16(p) (*(const uint16_t *)(p))
#define MOTE_READ_TABLE_I16(p) (*(const int16_t *)(p))
#define MOTE_READ_TABLE_I32(p) (*(const int32_t *)(p))
#define MOTE_READ_TABLE_U32(p) (*(const uint32_t *)(p))
#define MOTE_READ_TABLE_F32(p) (*(const float *)(p))
#define MOTE_READ_PARAMS(dst, src) memcpy((dst), (src), sizeof *(dst))
#endif

/* ---- numeric types of the build -------------------------------------------------------------------- */
#if defined(MOTE_DSP_FIXED)
/** An input sample: the sensor's count; real value = count × the design's input LSB. */
typedef int16_t mote_dsp_sample_t;
/** A feature: Q16.16 (real = value / 65536), saturated to ±32768. */
typedef int32_t mote_dsp_feature_t;
/** A window or mel weight: Q15 (real = value / 32768). */
typedef int16_t mote_dsp_weight_t;
#define MOTE_DSP_READ_WEIGHT(p) MOTE_READ_TABLE_I16(p)
#else
typedef float mote_dsp_sample_t;
typedef float mote_dsp_feature_t;
typedef float mote_dsp_weight_t;
#define MOTE_DSP_READ_WEIGHT(p) MOTE_READ_TABLE_F32(p)
#endif

/**
 * A positive real constant of the fixed build as mantissa × 2^exponent, the mantissa normalised to
 * [2^31, 2^32) (or 0 for the constant 0). Generated at build time; see fixed_math.c.
 */
typedef struct {
  uint32_t mantissa;
  int16_t exponent;
} mote_dsp_const_t;

typedef enum {
  MOTE_DSP_OK = 0,
  /** The parameters are inconsistent (generated code never produces these). */
  MOTE_DSP_ERROR_PARAMS = 1,
  /** The work buffer is smaller than mote_dsp_<block>_work_bytes(). */
  MOTE_DSP_ERROR_WORK_BUFFER = 2
} mote_dsp_status_t;

/* ---- raw ------------------------------------------------------------------------------------------- */
/** y[t][a] = (x[t][a] − offset[a]) · gain[a], interleaved [frames, axes]. No work buffer. */
typedef struct {
  uint16_t frames;
  uint8_t axes;
#if defined(MOTE_DSP_FIXED)
  /** Per axis: offset in input counts, Q8. */
  const int32_t *offset_q8;
  /** Per axis: input LSB · axisScale · scale as a signed multiplier: y_q16 = (256·x − offset_q8) · mantissa / 2^shift. */
  const int32_t *gain_mantissa;
  const int8_t *gain_shift;
#else
  const float *offset;
  const float *gain;
#endif
} mote_dsp_raw_params_t;

size_t mote_dsp_raw_work_bytes(const mote_dsp_raw_params_t *params);
mote_dsp_status_t mote_dsp_raw_compute(const mote_dsp_raw_params_t *params, const mote_dsp_sample_t *input,
                                       mote_dsp_feature_t *output);

/* ---- spectral analysis ----------------------------------------------------------------------------- */
typedef struct {
  uint16_t frames;
  uint8_t axes;
  uint16_t fft_length;
  /** Welch segments: `segments` of `segment` samples every `hop`. */
  uint16_t segment;
  uint16_t hop;
  uint16_t segments;
  /** Second-order filter sections (0 = no filter). */
  uint8_t sections;
  uint8_t peaks;
  uint8_t bands;
  uint8_t log_power;
  /** Hann window of length `segment`. */
  const mote_dsp_weight_t *window;
  /** Quarter-wave cosine table of the FFT, fft_length/4 + 1 entries (fft.c). */
  const mote_dsp_weight_t *cosines;
  /** Per band: first bin and one past the last bin (bands are contiguous bin ranges). */
  const uint16_t *band_bins;
#if defined(MOTE_DSP_FIXED)
  /** [b0, b1, b2, a1, a2] per section, Q30. */
  const int32_t *sos;
  /** Peak threshold as a fraction of the highest interior bin, Q24. */
  uint32_t threshold_q24;
  /** Sample rate in Hz, Q16.16 (peak frequency = bin · rate / fft_length). */
  int32_t rate_q16;
  /** Negative when scale < 0 (skewness changes sign). */
  int8_t negative;
  /** input LSB · |scale| / (256 · 2^16 · √frames): rms = √s2 · 2^r · this (moments.c, spectral_q15.c). */
  mote_dsp_const_t rms_factor;
  /** (input LSB · scale / 256)² / (fft_length · Σw² · segments): a bin's power per integer unit. */
  mote_dsp_const_t power_factor;
#else
  const float *sos;
  float threshold;
  float bin_hz;
  float scale;
  /** 1 / (fft_length · Σw² · segments). */
  float power_norm;
#endif
} mote_dsp_spectral_params_t;

size_t mote_dsp_spectral_work_bytes(const mote_dsp_spectral_params_t *params);
mote_dsp_status_t mote_dsp_spectral_compute(const mote_dsp_spectral_params_t *params,
                                            const mote_dsp_sample_t *input, mote_dsp_feature_t *output,
                                            void *work, size_t work_bytes);

/* ---- audio front end (shared by MFE and MFCC) ------------------------------------------------------ */
typedef struct {
  uint16_t frames;        /* samples per window */
  uint16_t frame_length;  /* L */
  uint16_t frame_stride;  /* S */
  uint16_t frame_count;   /* T */
  uint16_t fft_length;    /* N */
  uint16_t filters;       /* M */
  const mote_dsp_weight_t *window;    /* L entries */
  const mote_dsp_weight_t *cosines;   /* N/4 + 1 entries */
  /** Per filter: first bin, bin count, offset into `weights`. */
  const uint16_t *filter_bins;
  const mote_dsp_weight_t *weights;
#if defined(MOTE_DSP_FIXED)
  /** Pre-emphasis α, Q15. */
  int32_t pre_emphasis_q15;
  /** log2(input LSB² · inputScale² / N), Q16.16: mel energy = Σ W·|X|² × this. */
  int32_t log2_gain_q16;
#else
  float pre_emphasis;
  /** inputScale (× nothing else: float inputs are in the dataset's units). */
  float input_scale;
#endif
} mote_dsp_audio_params_t;

/* ---- MFE ------------------------------------------------------------------------------------------- */
typedef struct {
  mote_dsp_audio_params_t audio;
  uint8_t normalize;
#if defined(MOTE_DSP_FIXED)
  int32_t floor_db_q16;
  /** 1 / (12 − floor) as a Q16.16 multiplier (Q31 mantissa of 2^−shift). */
  int32_t norm_q31;
  int8_t norm_shift;
#else
  float floor_db;
#endif
} mote_dsp_mfe_params_t;

size_t mote_dsp_mfe_work_bytes(const mote_dsp_mfe_params_t *params);
mote_dsp_status_t mote_dsp_mfe_compute(const mote_dsp_mfe_params_t *params, const mote_dsp_sample_t *input,
                                       mote_dsp_feature_t *output, void *work, size_t work_bytes);

/* ---- MFCC ------------------------------------------------------------------------------------------ */
typedef struct {
  mote_dsp_audio_params_t audio;
  uint8_t coefficients;
  /** DCT-II with the lifter folded in, [coefficients][filters] (fixed: Q`dct_shift`). */
  const mote_dsp_weight_t *dct;
#if defined(MOTE_DSP_FIXED)
  uint8_t dct_shift;
  /** log2 of the energy floor 10^(noiseFloorDb/10), Q16.16. */
  int32_t floor_log2_q16;
#else
  float floor_energy;
#endif
} mote_dsp_mfcc_params_t;

size_t mote_dsp_mfcc_work_bytes(const mote_dsp_mfcc_params_t *params);
mote_dsp_status_t mote_dsp_mfcc_compute(const mote_dsp_mfcc_params_t *params, const mote_dsp_sample_t *input,
                                        mote_dsp_feature_t *output, void *work, size_t work_bytes);

/* ---- image ----------------------------------------------------------------------------------------- */
typedef struct {
  /** Source image: width × height pixels of `channels` bytes (3 RGB, 4 RGBA; alpha ignored). */
  uint16_t src_width;
  uint16_t src_height;
  uint8_t channels;
  /** The source region that is resized, and where it lands in the output (fit leaves a black border). */
  uint16_t region_x;
  uint16_t region_y;
  uint16_t region_width;
  uint16_t region_height;
  uint16_t target_x;
  uint16_t target_y;
  uint16_t target_width;
  uint16_t target_height;
  uint16_t out_width;
  uint16_t out_height;
  uint8_t grayscale;
  /** 1: v/127.5 − 1; 0: v/255. */
  uint8_t minus_one_to_one;
  /** Converts the integer interpolation sum (see image.c) to the normalised value. */
#if defined(MOTE_DSP_FIXED)
  int32_t norm_mantissa;
  int8_t norm_shift;
#else
  float norm_scale;
#endif
} mote_dsp_image_params_t;

size_t mote_dsp_image_work_bytes(const mote_dsp_image_params_t *params);
mote_dsp_status_t mote_dsp_image_compute(const mote_dsp_image_params_t *params, const uint8_t *pixels,
                                         mote_dsp_feature_t *output);

#endif /* MOTE_DSP_H */
