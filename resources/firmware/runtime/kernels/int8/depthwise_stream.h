/*
 * The stream depthwise kernel's two halves, shared by mote_depthwise_conv2d_stream_s8 / _3x3_s8 (filter in
 * weight memory) and mote_depthwise_conv2d_huffman_s8 (filter decoded into RAM). Not part of the public API.
 */
#ifndef MOTE_DEPTHWISE_STREAM_H
#define MOTE_DEPTHWISE_STREAM_H

#include "gen_common.h"

/* Checks the params, the pointers and the scratch ([zero-point pixel | ring]) and sets up *stream. */
mote_status_t mote_depthwise_stream_check(const mote_depthwise_conv2d_s8_params_t *params, const int8_t *input,
                                          const int8_t *filter, const int32_t *folded_bias, int8_t *output,
                                          int8_t *scratch, int32_t ring_pixels, mote_stream_t *stream);

/* The tap pointers of output pixel px: an input pixel, or the zero-point pixel in the padding. */
void mote_depthwise_taps(const mote_window_t *w, const mote_stream_t *stream, const int8_t *zero_pixel,
                         const mote_pixel_t *px, const int8_t **taps);

/* Runs the op; filter_in_ram selects plain reads of the filter instead of MOTE_READ_WEIGHT_I8. */
void mote_depthwise_stream_run(const mote_depthwise_conv2d_s8_params_t *params, mote_stream_t *stream,
                               const int8_t *filter, int filter_in_ram, const int32_t *folded_bias, int8_t *output,
                               int8_t *zero_pixel);

#endif
