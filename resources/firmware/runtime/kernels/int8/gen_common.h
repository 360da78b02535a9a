/*
 * What the generator's kernels (mote_kernels_gen_s8.h) share: their precondition checks and the
 * folded-bias requantization step. Not part of the public API.
 */
#ifndef MOTE_GEN_COMMON_H
#define MOTE_GEN_COMMON_H

#include "../../include/mote_kernels_gen_s8.h"
#include "fixed_point.h"
#include "stream.h"

/*
 * The checks of a weighted window kernel whose output may overlap its input: pointers, the window, the
 * accumulator bound for `taps_per_output` products, the requantization over output_c channels, and the
 * stream (ring size included). Sets up *stream on success.
 */
mote_status_t mote_check_stream_kernel(const mote_window_t *window, const mote_requant_t *requant,
                                       int32_t taps_per_output, const int8_t *input, const void *filter,
                                       const int32_t *folded_bias, int8_t *output, int8_t *ring,
                                       int32_t ring_pixels, mote_stream_t *stream);

/* acc + folded_bias[c] (wrapping), requantized with channel c's multiplier and shift, offset and clamped. */
int8_t mote_requantize_folded(const mote_requant_t *requant, const int32_t *folded_bias, int32_t c, int32_t acc);

/* 1 when the scratch [scratch, scratch + bytes) shares no byte with the input or the output. */
int mote_scratch_is_free(const void *scratch, uint32_t bytes, const mote_window_t *window, const void *input,
                         const void *output);

/* The checks of the fully connected kernels here: pointers, sizes, accumulator bound, requantization, overlap. */
mote_status_t mote_fully_connected_check(const mote_fully_connected_s8_params_t *params, const int8_t *input,
                                         const void *weights, const int32_t *folded_bias, const int8_t *output);

#endif
