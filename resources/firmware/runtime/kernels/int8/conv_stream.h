/*
 * The stream convolution kernels' two halves, shared by mote_conv2d_1x1_s8 / mote_conv2d_patch_s8 (filter in
 * weight memory) and their Huffman versions (filter decoded into RAM first). Not part of the public API.
 */
#ifndef MOTE_CONV_STREAM_H
#define MOTE_CONV_STREAM_H

#include "gen_common.h"

/* Checks a 1×1 convolution's params, pointers and ring, and sets up *stream. */
mote_status_t mote_conv2d_1x1_check(const mote_conv2d_s8_params_t *params, const int8_t *input, const void *filter,
                                    const int32_t *folded_bias, int8_t *output, int8_t *ring, int32_t ring_pixels,
                                    mote_stream_t *stream);

/* Runs it; filter_in_ram selects plain reads of the filter instead of MOTE_READ_WEIGHT_I8. */
void mote_conv2d_1x1_run(const mote_conv2d_s8_params_t *params, mote_stream_t *stream, const int8_t *filter,
                         int filter_in_ram, const int32_t *folded_bias, int8_t *output);

/* Checks a patch convolution's params, pointers, patch and ring, and sets up *stream. */
mote_status_t mote_conv2d_patch_check(const mote_conv2d_s8_params_t *params, const int8_t *input, const void *filter,
                                      const int32_t *folded_bias, int8_t *output, const int8_t *patch, int8_t *ring,
                                      int32_t ring_pixels, mote_stream_t *stream);

/* Copies the window of output pixel px into the patch, the padding as the zero point. */
void mote_conv2d_gather(const mote_window_t *w, const mote_stream_t *stream, int8_t zero_point,
                        const mote_pixel_t *px, int8_t *patch);

void mote_conv2d_patch_run(const mote_conv2d_s8_params_t *params, mote_stream_t *stream, const int8_t *filter,
                           int filter_in_ram, const int32_t *folded_bias, int8_t *output, int8_t *patch);

/* Σ_i f[i] · x[i] over n values, f read through MOTE_READ_WEIGHT_I8 or, with filter_in_ram, directly. */
int32_t mote_dot_s8(const int8_t *f, int filter_in_ram, const int8_t *x, int32_t n);

#endif
