/*
 * Image block (docs/dsp.md "Image block"): bilinear resize with half-pixel centres of a source region into
 * a target rectangle of the output (crop, squash and fit differ only in the generated region and target),
 * optional BT.601 grayscale, normalisation. Both builds interpolate in exact integers: for output column i
 * of a target `tw` wide reading a region `w` wide, the source coordinate is
 *   sx = ((2i + 1)·w − tw) / (2·tw), clamped to [0, w − 1]
 * kept as numerator and denominator, so c0 = ⌊sx⌋ and the fraction fx = r / (2·tw) are exact (rows alike),
 * and the interpolated value times (2·tw)·(2·th) is an integer ≤ 255·2^22 (grayscale: with the weights
 * 299, 587, 114 per mille, times 1000 more). One generated multiplier then normalises it: the fixed build
 * rounds it to Q16.16 once, the float build multiplies by a float32 constant. Output HWC, channels 1 or 3.
 * No work buffer.
 */
#include "mote_dsp_internal.h"

typedef struct {
  uint16_t i0;
  uint16_t i1;
  uint32_t frac; /* of `den` */
  uint32_t den;
} tap_t;

static tap_t tap(uint16_t d, uint16_t src_length, uint16_t dst_length) {
  tap_t t;
  int32_t num = (int32_t)(2u * d + 1u) * src_length - dst_length;
  int32_t limit = (int32_t)(src_length - 1u) * (int32_t)(2u * dst_length);
  t.den = 2u * (uint32_t)dst_length;
  if (num < 0) num = 0;
  if (num > limit) num = limit;
  t.i0 = (uint16_t)((uint32_t)num / t.den);
  t.frac = (uint32_t)num - (uint32_t)t.i0 * t.den;
  t.i1 = (uint16_t)(t.i0 + 1u < src_length ? t.i0 + 1u : t.i0);
  return t;
}

size_t mote_dsp_image_work_bytes(const mote_dsp_image_params_t *params) {
  (void)params;
  return 0u;
}

/** The interpolated channel `ch` times den_x·den_y, exactly. */
static uint32_t sample(const mote_dsp_image_params_t *p, const uint8_t *pixels, const tap_t *x, const tap_t *y,
                       uint8_t ch) {
  uint32_t row0 = (uint32_t)(p->region_y + y->i0) * p->src_width, row1 = (uint32_t)(p->region_y + y->i1) * p->src_width;
  uint32_t c0 = (uint32_t)p->region_x + x->i0, c1 = (uint32_t)p->region_x + x->i1;
  uint32_t top = (x->den - x->frac) * pixels[(row0 + c0) * p->channels + ch] + x->frac * pixels[(row0 + c1) * p->channels + ch];
  uint32_t bottom = (x->den - x->frac) * pixels[(row1 + c0) * p->channels + ch] + x->frac * pixels[(row1 + c1) * p->channels + ch];
  return (y->den - y->frac) * top + y->frac * bottom;
}

static mote_dsp_feature_t normalise(const mote_dsp_image_params_t *p, uint64_t value) {
#if defined(MOTE_DSP_FIXED)
  /* a grayscale sum can reach 2^40: keep its top 31 bits (mote_mul_shift_sat takes |value| < 2^32) */
  uint8_t drop = 0;
  while ((value >> drop) >= ((uint64_t)1 << 31)) drop++;
  if (drop > 0u) value = (value + ((uint64_t)1 << (drop - 1u))) >> drop;
  return mote_mul_shift_sat((int64_t)value, p->norm_mantissa, (int8_t)(p->norm_shift - drop)) -
         (p->minus_one_to_one ? 65536 : 0);
#else
  return (float)value * p->norm_scale - (p->minus_one_to_one ? 1.0f : 0.0f);
#endif
}

mote_dsp_status_t mote_dsp_image_compute(const mote_dsp_image_params_t *params, const uint8_t *pixels,
                                         mote_dsp_feature_t *output) {
  mote_dsp_image_params_t p;
  uint16_t i, j;
  uint8_t ch, channels;
  MOTE_READ_PARAMS(&p, params);
  if (p.region_width == 0u || p.region_height == 0u || p.target_x + p.target_width > p.out_width ||
      p.target_y + p.target_height > p.out_height)
    return MOTE_DSP_ERROR_PARAMS;
  channels = p.grayscale ? 1u : 3u;
  for (j = 0; j < p.out_height; j++) {
    for (i = 0; i < p.out_width; i++) {
      mote_dsp_feature_t *out = &output[((uint32_t)j * p.out_width + i) * channels];
      int inside = i >= p.target_x && i < p.target_x + p.target_width && j >= p.target_y &&
                   j < p.target_y + p.target_height;
      tap_t x, y;
      if (!inside) {
        for (ch = 0; ch < channels; ch++) out[ch] = normalise(&p, 0u);
        continue;
      }
      x = tap((uint16_t)(i - p.target_x), p.region_width, p.target_width);
      y = tap((uint16_t)(j - p.target_y), p.region_height, p.target_height);
      if (p.grayscale) {
        out[0] = normalise(&p, 299u * (uint64_t)sample(&p, pixels, &x, &y, 0) +
                                   587u * (uint64_t)sample(&p, pixels, &x, &y, 1) +
                                   114u * (uint64_t)sample(&p, pixels, &x, &y, 2));
      } else {
        for (ch = 0; ch < 3u; ch++) out[ch] = normalise(&p, sample(&p, pixels, &x, &y, ch));
      }
    }
  }
  return MOTE_DSP_OK;
}
