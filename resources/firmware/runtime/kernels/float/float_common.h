/* Helpers of the float kernels. Not part of the public API. */
#ifndef MOTE_FLOAT_COMMON_H
#define MOTE_FLOAT_COMMON_H

#include "../common/mote_internal.h"

/* The fused activation: value clamped to [min, max] (−INFINITY / INFINITY leave it unchanged). */
static inline float mote_clamp_f32_value(float value, float min, float max) {
  return value < min ? min : value > max ? max : value;
}

/* 1 when min ≤ max (neither NaN). */
static inline int mote_is_float_range(float min, float max) {
  return min <= max;
}

#endif
