/*
 * The int8 kernels that the code generator chooses over the portable ones (docs/codegen.md, "Generated
 * kernels"): the same results byte for byte, but with constants folded at generation time, the output allowed
 * to overlap the input (so that the memory planner can run an op in place), and weights that may stay
 * Huffman-coded in flash. Include mote_runtime.h first.
 *
 * Folded bias. Every weighted kernel here takes `folded_bias[c] = bias[c] + input_offset · Σ filter[c, ·]`
 * (wrapping int32), computed by the generator (src/core/codegen/c/fold-bias.ts), and accumulates
 * Σ filter · x̃ where x̃ is the input value, or the input zero point (−input_offset) for a tap in the padding.
 * Modulo 2^32 this is the portable kernels' Σ filter · (input + input_offset) + bias, and neither sum can
 * overflow int32 within the 65,793-tap limit, so the requantized bytes are the same.
 *
 * Overlapping output (the "stream" kernels). The output may start anywhere relative to the input, overlapping
 * it. Output pixels are written in order; before pixel p is written, every input pixel its bytes cover that a
 * later output still reads is saved into `ring`, slot q mod ring_pixels, and reads of saved pixels come from
 * there. `ring_pixels` (each input_c bytes) must be at least what src/core/model/in-place.ts computes for the
 * geometry and the offset output − input; unless MOTE_SKIP_CHECKS, the kernel replays that bookkeeping before
 * writing anything and returns MOTE_ERROR_OVERLAP if the ring is too small. An output disjoint from its input
 * needs no ring (ring may be NULL when ring_pixels is 0). Scratch buffers must not overlap the tensors.
 */
#ifndef MOTE_KERNELS_GEN_S8_H
#define MOTE_KERNELS_GEN_S8_H

#include "mote_runtime.h"

/*
 * CONV_2D with a 1×1 filter and no padding (any stride): a matrix product of each input pixel with the
 * [C_out, C_in] filter. Overlap: any, with a ring (a one-pixel ring when output and input start together and
 * C_out ≤ C_in).
 */
mote_status_t mote_conv2d_1x1_s8(const mote_conv2d_s8_params_t *params, const int8_t *input, const int8_t *filter,
                                 const int32_t *folded_bias, int8_t *output, int8_t *ring, int32_t ring_pixels);

/*
 * CONV_2D, any window: each output pixel's window is gathered into `patch` (filter_h · filter_w · input_c
 * bytes, the padding filled with the zero point) and multiplied with each output channel's filter, a
 * contiguous dot product. Suits the first layer (few input channels, a large window). Overlap: any, with a ring.
 */
mote_status_t mote_conv2d_patch_s8(const mote_conv2d_s8_params_t *params, const int8_t *input, const int8_t *filter,
                                   const int32_t *folded_bias, int8_t *output, int8_t *patch, int8_t *ring,
                                   int32_t ring_pixels);

/* The most taps (filter_h · filter_w) the stream depthwise kernel takes; larger windows use the portable one. */
#define MOTE_DEPTHWISE_MAX_TAPS 25

/*
 * DEPTHWISE_CONV_2D with at most MOTE_DEPTHWISE_MAX_TAPS taps. `scratch` is input_c bytes (a pixel of zero
 * points, for taps in the padding) followed by the ring: input_c · (1 + ring_pixels) bytes. Overlap: any.
 */
mote_status_t mote_depthwise_conv2d_stream_s8(const mote_depthwise_conv2d_s8_params_t *params, const int8_t *input,
                                              const int8_t *filter, const int32_t *folded_bias, int8_t *output,
                                              int8_t *scratch, int32_t ring_pixels);

/* The same for a 3×3 window, with the nine taps unrolled. */
mote_status_t mote_depthwise_conv2d_3x3_s8(const mote_depthwise_conv2d_s8_params_t *params, const int8_t *input,
                                           const int8_t *filter, const int32_t *folded_bias, int8_t *output,
                                           int8_t *scratch, int32_t ring_pixels);

/* FULLY_CONNECTED with a folded bias: Σ weights · input + folded_bias. Output disjoint from the input. */
mote_status_t mote_fully_connected_folded_s8(const mote_fully_connected_s8_params_t *params, const int8_t *input,
                                             const int8_t *weights, const int32_t *folded_bias, int8_t *output);

/*
 * Huffman-coded weights (docs/model-format.md): `block` is one tensor's Huffman block of `block_bytes` bytes,
 * `codebook` its int8 values (codebook[symbol] is the weight); both weight memory. The block's header is
 * checked (version, code lengths, symbols inside the codebook, value count equal to the tensor's) and the bit
 * reader never reads past block_bytes, so a damaged block gives MOTE_ERROR_BAD_WEIGHTS or wrong weights, never
 * an out-of-bounds read.
 */
typedef struct {
  const uint8_t *block;
  uint32_t block_bytes;
  const int8_t *codebook;
  int32_t codebook_size;
} mote_coded_weights_t;

/*
 * The decoder decodes codes of up to MOTE_HUFFMAN_TABLE_BITS bits with one look-up in a table it builds in
 * MOTE_HUFFMAN_TABLE_BYTES of scratch (where a kernel takes one), longer codes bit by bit.
 */
#define MOTE_HUFFMAN_TABLE_BITS 6
#define MOTE_HUFFMAN_TABLE_BYTES (2 << MOTE_HUFFMAN_TABLE_BITS)

/*
 * FULLY_CONNECTED decoding each unit's row of weights as it goes. `table` is MOTE_HUFFMAN_TABLE_BYTES of
 * scratch for the decoder, or NULL to decode bit by bit. Output disjoint from the input.
 */
mote_status_t mote_fully_connected_huffman_s8(const mote_fully_connected_s8_params_t *params, const int8_t *input,
                                              const mote_coded_weights_t *weights, const int32_t *folded_bias,
                                              int8_t *output, int8_t *table);

/*
 * CONV_2D decoding one output channel's filter at a time into `scratch` (filter_h · filter_w · input_c bytes,
 * followed by MOTE_HUFFMAN_TABLE_BYTES for the decoder's table) and sweeping every pixel with it. Output
 * disjoint from the input.
 */
mote_status_t mote_conv2d_huffman_s8(const mote_conv2d_s8_params_t *params, const int8_t *input,
                                     const mote_coded_weights_t *filter, const int32_t *folded_bias, int8_t *output,
                                     int8_t *scratch);

/*
 * CONV_2D decoding the whole filter (output_c · filter_h · filter_w · input_c bytes) into the start of
 * `scratch`, then MOTE_HUFFMAN_TABLE_BYTES for the decoder's table, and running mote_conv2d_1x1_s8 (scratch
 * then holds the ring) or mote_conv2d_patch_s8 (the patch, then the ring) with it. Overlap: any.
 */
mote_status_t mote_conv2d_1x1_huffman_s8(const mote_conv2d_s8_params_t *params, const int8_t *input,
                                         const mote_coded_weights_t *filter, const int32_t *folded_bias,
                                         int8_t *output, int8_t *scratch, int32_t ring_pixels);
mote_status_t mote_conv2d_patch_huffman_s8(const mote_conv2d_s8_params_t *params, const int8_t *input,
                                           const mote_coded_weights_t *filter, const int32_t *folded_bias,
                                           int8_t *output, int8_t *scratch, int32_t ring_pixels);

/*
 * DEPTHWISE_CONV_2D decoding the whole filter (filter_h · filter_w · output_c bytes) into the start of
 * `scratch`, followed by the stream kernel's scratch (zero-point pixel and ring). Overlap: any.
 */
mote_status_t mote_depthwise_conv2d_huffman_s8(const mote_depthwise_conv2d_s8_params_t *params, const int8_t *input,
                                               const mote_coded_weights_t *filter, const int32_t *folded_bias,
                                               int8_t *output, int8_t *scratch, int32_t ring_pixels);

/* Decodes all `count` weights of a coded tensor into `output` (RAM), for tests and for ports. */
mote_status_t mote_huffman_decode_s8(const mote_coded_weights_t *weights, int8_t *output, uint32_t count);

#endif
