/*
 * Helpers shared by the kernels: precondition checks, the overlap test and window geometry checks.
 * Not part of the public API.
 */
#ifndef MOTE_INTERNAL_H
#define MOTE_INTERNAL_H

#include "../../include/mote_runtime.h"

/*
 * MOTE_REQUIRE(condition, status): return `status` from the kernel unless `condition` holds. Generated code
 * whose parameters were validated at generation time may compile with MOTE_SKIP_CHECKS to drop them; the
 * results for valid parameters are the same.
 */
#if defined(MOTE_SKIP_CHECKS)
#define MOTE_REQUIRE(condition, status) ((void)sizeof(!(condition)))
#else
#define MOTE_REQUIRE(condition, status) \
  do {                                  \
    if (!(condition)) return (status);  \
  } while (0)
#endif

/* 1 when the byte ranges [a, a + a_bytes) and [b, b + b_bytes) share a byte. */
int mote_overlaps(const void *a, uint32_t a_bytes, const void *b, uint32_t b_bytes);

/* MOTE_OK when output is exactly input or shares no byte with it; MOTE_ERROR_OVERLAP otherwise. */
mote_status_t mote_check_same_or_disjoint(const void *input, uint32_t input_bytes, const void *output,
                                          uint32_t output_bytes);

/* Sizes ≥ 1, strides and dilations ≥ 1, padding ≥ 0 (MOTE_ERROR_BAD_SHAPE otherwise). */
mote_status_t mote_check_window(const mote_window_t *window);

/* mote_check_window, plus: no dilation, as many output as input channels, every window overlapping the input. */
mote_status_t mote_check_pool_window(const mote_window_t *window);

/* 1 when min ≤ max and both are int8 values. */
int mote_is_int8_range(int32_t min, int32_t max);

/*
 * The taps [*start, *end) of a pooling window starting at input row (or column) `origin` that fall inside an
 * input of `input_size`: the window clipped to the input.
 */
void mote_clip_window(int32_t origin, int32_t filter, int32_t input_size, int32_t *start, int32_t *end);

/* A pooling kernel's shared preconditions: pointers, mote_check_pool_window, output disjoint from input. */
mote_status_t mote_check_pool(const mote_window_t *window, const void *input, const void *output,
                              uint32_t element_bytes);

/* Element counts of a window op's input and output, in uint32_t so that an AVR int cannot overflow. */
uint32_t mote_window_input_count(const mote_window_t *window);
uint32_t mote_window_output_count(const mote_window_t *window);

#endif
