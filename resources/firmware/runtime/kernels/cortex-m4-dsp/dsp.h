/*
 * What the Cortex-M4/M7 DSP-extension kernels share (docs/codegen.md, "Optimized kernels"): the SIMD
 * helpers on the ACLE intrinsics of arm_acle.h, an inline requantization that is the portable one's
 * arithmetic in fewer instructions, and the 2×2-blocked int8 matrix product the 1×1, patch and fully
 * connected kernels run on. Not part of the public API.
 *
 * SIMD order. SXTB16 sign-extends bytes 0 and 2 of a word into two int16 halves, SXTB16 of the word rotated
 * by 8 bytes 1 and 3. Applied to 4 consecutive input values and to 4 consecutive weights alike, the two
 * halfword pairs line up ((x0, x2)·(w0, w2) and (x1, x3)·(w1, w3)), so SMLAD adds the right products with no
 * reordering at run time.
 *
 * Blocked weights (src/core/codegen/c/targets/blocked-layout.ts lays them out at generation time). A matrix
 * of `rows` × `depth` int8 values (output channels × taps) is stored with depth padded with zeros to
 * depth4 = 4·ceil(depth / 4), and rows in pairs: for rows (2i, 2i + 1) and each group of 4 taps, 4 bytes of
 * row 2i then 4 bytes of row 2i + 1; a last odd row follows alone, 4 bytes per group. One pointer walks the
 * weights of a row pair in order, one word per row per group.
 */
#ifndef MOTE_DSP_H
#define MOTE_DSP_H

#include <arm_acle.h>
#include <string.h>

#include "../int8/gen_common.h"

#if !defined(__ARM_FEATURE_SIMD32) || !defined(__ARM_FEATURE_DSP)
#error "The cortex-m4-dsp kernels need the DSP extension (-mcpu=cortex-m4 or cortex-m7)."
#endif

/* 4 bytes from any address as one word (an unaligned LDR on ARMv7E-M). Weights are memory-mapped here. */
static inline uint32_t mote_dsp_word(const void *p) {
  uint32_t word;
  memcpy(&word, p, sizeof word);
  return word;
}

/* Bytes 0 and 2 (even) or 1 and 3 (odd) of a word, sign-extended to two int16 halves. */
static inline int16x2_t mote_dsp_even(uint32_t word) {
  return __sxtb16((int8x4_t)word);
}
static inline int16x2_t mote_dsp_odd(uint32_t word) {
  /* GCC 12 does not fold the rotation into SXTB16 (it has an operand for it): one instruction instead of two. */
  int16x2_t result;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(result) : "r"(word));
  return result;
}

/* depth rounded up to whole groups of 4. */
static inline int32_t mote_dsp_depth4(int32_t depth) {
  return (depth + 3) & ~3;
}

/*
 * One column of the matrix product as int16 pairs in SIMD order: for each group of 4 values, the even pair
 * then the odd pair, the next group `step` words further (2 for one column; 4 for two interleaved columns,
 * the second starting 2 words in); the padding past `depth` is 0.
 */
void mote_dsp_expand(const int8_t *values, int32_t depth, int16x2_t *column, int32_t step);

/*
 * tflite MultiplyByQuantizedMultiplier, bit for bit (mote_multiply_by_quantized_multiplier), for a multiplier
 * in [0, 2^31) as mote_kernels_s8.h requires: gemmlowp's SaturatingRoundingDoublingHighMul, whose one
 * saturating case needs a multiplier of −2^31, is (x·m + 2^30) >> 31 (one SMLAL: the truncating division of
 * the negative half with its nudge 1 − 2^30 is the same floor), and RoundingDivideByPOT keeps its
 * remainder-and-threshold form. Written without branches: right = left − shift.
 */
static inline int32_t mote_dsp_mbqm(int32_t x, int32_t multiplier, int32_t shift) {
  const int32_t left = shift & ~(shift >> 31);
  const int32_t right = left - shift;
  const int32_t shifted = (int32_t)((uint32_t)x << left);
  const int32_t high = (int32_t)(((int64_t)shifted * multiplier + (INT64_C(1) << 30)) >> 31);
  const int32_t mask = (int32_t)((UINT32_C(1) << right) - 1u);
  const int32_t threshold = (mask >> 1) + (int32_t)((uint32_t)high >> 31);
  return (high >> right) + ((high & mask) > threshold);
}

/* The requantization of one output channel, read once for every pixel it serves. */
typedef struct {
  int32_t bias;
  int32_t multiplier;
  int32_t shift;
} mote_dsp_channel_t;

static inline mote_dsp_channel_t mote_dsp_channel(const mote_requant_t *q, const int32_t *folded_bias, int32_t c) {
  mote_dsp_channel_t ch;
  ch.bias = MOTE_READ_WEIGHT_I32(&folded_bias[c]);
  ch.multiplier = MOTE_READ_WEIGHT_I32(&q->multipliers[q->per_channel ? c : 0]);
  ch.shift = MOTE_READ_WEIGHT_I8(&q->shifts[q->per_channel ? c : 0]);
  return ch;
}

/*
 * The output offset and clamp range, copied out of the params once per call: every int8 store may alias the
 * params struct, so the compiler would read them again after each output otherwise.
 */
typedef struct {
  int32_t offset;
  int32_t min;
  int32_t max;
} mote_dsp_output_t;

static inline mote_dsp_output_t mote_dsp_output(const mote_requant_t *q) {
  mote_dsp_output_t o;
  o.offset = q->output_offset;
  o.min = q->activation_min;
  o.max = q->activation_max;
  return o;
}

/*
 * mote_requantize_folded: acc + folded bias (wrapping), requantized, offset and clamped. The offset is a
 * saturating add (QADD), which clamps exactly as the portable compare-before-add does.
 */
static inline int8_t mote_dsp_requantize(mote_dsp_output_t o, mote_dsp_channel_t ch, int32_t acc) {
  const int32_t biased = (int32_t)((uint32_t)acc + (uint32_t)ch.bias);
  int32_t value = __qadd(mote_dsp_mbqm(biased, ch.multiplier, ch.shift), o.offset);
  if (value < o.min) value = o.min;
  if (value > o.max) value = o.max;
  return (int8_t)value;
}

/*
 * The blocked product: for each output channel c (a row of `weights`, blocked as above) and the one or two
 * columns (column_count; SIMD-order int16 from mote_dsp_expand, interleaved when two), out0[c] and out1[c]
 * are the requantized dot products. out1 is unused for one column.
 */
void mote_dsp_gemm(const int8_t *weights, int32_t rows, int32_t depth, const int16x2_t *columns,
                   int32_t column_count, const mote_requant_t *q, const int32_t *folded_bias, int8_t *out0,
                   int8_t *out1);

#endif
