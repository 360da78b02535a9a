/*
 * DEPTHWISE_CONV_2D from Huffman-coded weights (mote_kernels_gen_s8.h). A depthwise filter is stored tap-major
 * ([1, filter_h, filter_w, C_out]), so a channel's weights are not contiguous: the whole filter is decoded
 * once into the start of `scratch` and the stream kernel runs with it, reading it as RAM. The output may
 * overlap the input as in mote_depthwise_conv2d_stream_s8.
 */
#include "depthwise_stream.h"
#include "huffman.h"

mote_status_t mote_depthwise_conv2d_huffman_s8(const mote_depthwise_conv2d_s8_params_t *params, const int8_t *input,
                                               const mote_coded_weights_t *filter, const int32_t *folded_bias,
                                               int8_t *output, int8_t *scratch, int32_t ring_pixels) {
  mote_stream_t stream;
  mote_huffman_t decoder;
  uint32_t filter_bytes;
  uint32_t i;
  mote_status_t status;
  MOTE_REQUIRE(params != NULL && scratch != NULL, MOTE_ERROR_NULL_POINTER);
  filter_bytes = (uint32_t)(params->window.filter_h * params->window.filter_w) * (uint32_t)params->window.output_c;
  status = mote_depthwise_stream_check(params, input, (const int8_t *)filter, folded_bias, output,
                                       scratch + filter_bytes, ring_pixels, &stream);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(mote_scratch_is_free(scratch, filter_bytes, &params->window, input, output), MOTE_ERROR_OVERLAP);
  status = mote_huffman_start(&decoder, filter, filter_bytes, NULL);
  if (status != MOTE_OK) return status;
  for (i = 0; i < filter_bytes; i++) scratch[i] = mote_huffman_next(&decoder);
  mote_depthwise_stream_run(params, &stream, scratch, 1, folded_bias, output, scratch + filter_bytes);
  return MOTE_OK;
}
