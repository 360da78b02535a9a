/*
 * The entry points of the stream convolutions, mote_conv2d_1x1_s8 and mote_conv2d_patch_s8
 * (mote_kernels_gen_s8.h): check, then run the portable loop of conv2d_1x1_s8.c / conv2d_patch_s8.c. In a file
 * of their own so that an optimized variant (kernels/<variant>/conv2d_stream_s8.c) replaces the entry points
 * while the Huffman kernels keep the portable loops, which read the filter decoded in the portable layout.
 */
#include "conv_stream.h"

mote_status_t mote_conv2d_1x1_s8(const mote_conv2d_s8_params_t *params, const int8_t *input, const int8_t *filter,
                                 const int32_t *folded_bias, int8_t *output, int8_t *ring, int32_t ring_pixels) {
  mote_stream_t stream;
  const mote_status_t status =
      mote_conv2d_1x1_check(params, input, filter, folded_bias, output, ring, ring_pixels, &stream);
  if (status != MOTE_OK) return status;
  mote_conv2d_1x1_run(params, &stream, filter, 0, folded_bias, output);
  return MOTE_OK;
}

mote_status_t mote_conv2d_patch_s8(const mote_conv2d_s8_params_t *params, const int8_t *input, const int8_t *filter,
                                   const int32_t *folded_bias, int8_t *output, int8_t *patch, int8_t *ring,
                                   int32_t ring_pixels) {
  mote_stream_t stream;
  const mote_status_t status =
      mote_conv2d_patch_check(params, input, filter, folded_bias, output, patch, ring, ring_pixels, &stream);
  if (status != MOTE_OK) return status;
  mote_conv2d_patch_run(params, &stream, filter, 0, folded_bias, output, patch);
  return MOTE_OK;
}
