/*
 * CONV_2D from Huffman-coded weights, in place (mote_kernels_gen_s8.h): the whole filter is decoded into the
 * start of `scratch` (output_c · filter_h · filter_w · input_c bytes, then MOTE_HUFFMAN_TABLE_BYTES for the
 * decoder's table), and mote_conv2d_1x1_s8 or mote_conv2d_patch_s8 runs with it as RAM — so the output may
 * overlap the input as theirs may. The generator prefers this to mote_conv2d_huffman_s8 when the decoded filter
 * takes fewer bytes than an output buffer of its own would.
 */
#include "conv_stream.h"
#include "huffman.h"

/* Decodes the filter into `filter` (RAM), the table after it; MOTE_OK or the decoder's status. */
static mote_status_t decode_filter(const mote_window_t *w, const mote_coded_weights_t *coded, int8_t *filter) {
  mote_huffman_t decoder;
  const uint32_t count = (uint32_t)(w->output_c * w->filter_h * w->filter_w * w->input_c);
  const mote_status_t status = mote_huffman_start(&decoder, coded, count, filter + count);
  if (status != MOTE_OK) return status;
  mote_huffman_fill(&decoder, filter, (int32_t)count);
  return MOTE_OK;
}

static uint32_t filter_bytes(const mote_window_t *w) {
  return (uint32_t)(w->output_c * w->filter_h * w->filter_w * w->input_c);
}

mote_status_t mote_conv2d_1x1_huffman_s8(const mote_conv2d_s8_params_t *params, const int8_t *input,
                                         const mote_coded_weights_t *filter, const int32_t *folded_bias,
                                         int8_t *output, int8_t *scratch, int32_t ring_pixels) {
  mote_stream_t stream;
  uint32_t fixed;
  mote_status_t status;
  MOTE_REQUIRE(params != NULL && scratch != NULL, MOTE_ERROR_NULL_POINTER);
  fixed = filter_bytes(&params->window) + MOTE_HUFFMAN_TABLE_BYTES;
  status = mote_conv2d_1x1_check(params, input, filter, folded_bias, output, scratch + fixed, ring_pixels, &stream);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(mote_scratch_is_free(scratch, fixed, &params->window, input, output), MOTE_ERROR_OVERLAP);
  status = decode_filter(&params->window, filter, scratch);
  if (status != MOTE_OK) return status;
  mote_conv2d_1x1_run(params, &stream, scratch, 1, folded_bias, output);
  return MOTE_OK;
}

mote_status_t mote_conv2d_patch_huffman_s8(const mote_conv2d_s8_params_t *params, const int8_t *input,
                                           const mote_coded_weights_t *filter, const int32_t *folded_bias,
                                           int8_t *output, int8_t *scratch, int32_t ring_pixels) {
  mote_stream_t stream;
  const mote_window_t *w;
  uint32_t fixed;
  int8_t *patch;
  mote_status_t status;
  MOTE_REQUIRE(params != NULL && scratch != NULL, MOTE_ERROR_NULL_POINTER);
  w = &params->window;
  patch = scratch + filter_bytes(w) + MOTE_HUFFMAN_TABLE_BYTES;
  fixed = filter_bytes(w) + MOTE_HUFFMAN_TABLE_BYTES + (uint32_t)(w->filter_h * w->filter_w * w->input_c);
  status = mote_conv2d_patch_check(params, input, filter, folded_bias, output, patch, scratch + fixed, ring_pixels,
                                   &stream);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(mote_scratch_is_free(scratch, fixed, w, input, output), MOTE_ERROR_OVERLAP);
  status = decode_filter(w, filter, scratch);
  if (status != MOTE_OK) return status;
  mote_conv2d_patch_run(params, &stream, scratch, 1, folded_bias, output, patch);
  return MOTE_OK;
}
