/*
 * Harness entries for the code generator's kernels (mote_kernels_gen_s8.h), on the C runtime harness's I/O
 * (test/core/codegen/c-runtime/harness/harness.c). Each runner lays the tensors out as the memory planner
 * would — the output `delta` bytes after the input's start in one block, or in a block of its own — with
 * every scratch buffer allocated at its exact size (AddressSanitizer catches any access past it), runs the
 * kernel, and reports HARNESS_WROTE_OUTSIDE_OUTPUT if a byte of the input that is not also output changed,
 * or HARNESS_WROTE_ON_ERROR if an error left anything changed.
 *
 * Parameters after the params struct's fields: placement (0: output in its own block; 1: in the input's
 * block at `delta`), delta, ring_pixels (for the fully connected Huffman kernel: above 0 lends the decoder its
 * look-up table). Buffers: input, filter (or Huffman block), folded bias,
 * multipliers, shifts, and a codebook for the Huffman kernels.
 */
#include <stdlib.h>
#include <string.h>

#include "../../c-runtime/harness/harness.h"
#include "mote_kernels_gen_s8.h"

static uint32_t window_input_bytes(const mote_window_t *w) {
  return (uint32_t)(w->batches * w->input_h * w->input_w * w->input_c);
}

static uint32_t window_output_bytes(const mote_window_t *w) {
  return (uint32_t)(w->batches * w->output_h * w->output_w * w->output_c);
}

typedef struct {
  unsigned char *block;
  uint32_t block_bytes;
  unsigned char *before;
  unsigned char *own_output;
  int8_t *input;
  int8_t *output;
  uint32_t input_bytes;
  uint32_t output_bytes;
  int32_t ring_pixels;
} layout_t;

/* Places input and output as the case's placement says and copies the input in. 0 on allocation failure. */
static int layout_begin(harness_case_t *c, uint32_t input_bytes, uint32_t output_bytes, layout_t *l) {
  const int32_t overlapping = harness_int(c);
  const int32_t delta = harness_int(c);
  const int32_t low = overlapping && delta < 0 ? delta : 0;
  const int32_t high_output = overlapping ? delta + (int32_t)output_bytes : 0;
  const int32_t high = high_output > (int32_t)input_bytes ? high_output : (int32_t)input_bytes;
  memset(l, 0, sizeof *l);
  l->ring_pixels = harness_int(c);
  l->input_bytes = input_bytes;
  l->output_bytes = output_bytes;
  l->block_bytes = (uint32_t)(high - low);
  l->block = malloc(l->block_bytes + 1u);
  l->before = malloc(l->block_bytes + 1u);
  l->own_output = overlapping ? NULL : malloc(output_bytes + 1u);
  if (l->block == NULL || l->before == NULL || (!overlapping && l->own_output == NULL)) return 0;
  memset(l->block, 0x5A, l->block_bytes);
  if (l->own_output != NULL) memset(l->own_output, 0x5A, output_bytes);
  l->input = (int8_t *)l->block - low;
  l->output = overlapping ? l->input + delta : (int8_t *)l->own_output;
  if (input_bytes > 0 && harness_buffer(c, 0) != NULL) memcpy(l->input, harness_buffer(c, 0), input_bytes);
  memcpy(l->before, l->block, l->block_bytes);
  return 1;
}

/* 1 when byte i of the input block is also an output byte. */
static int is_output_byte(const layout_t *l, uint32_t i) {
  const unsigned char *at = l->block + i;
  const unsigned char *out = (const unsigned char *)l->output;
  return at >= out && at < out + l->output_bytes;
}

/* Checks what the kernel wrote, copies the output to the harness's framed output and frees the layout. */
static int layout_end(harness_case_t *c, layout_t *l, int status) {
  uint32_t i;
  for (i = 0; i < l->block_bytes && status < 100; i++) {
    if (l->block[i] != l->before[i] && (status != MOTE_OK || !is_output_byte(l, i))) {
      status = status == MOTE_OK ? HARNESS_WROTE_OUTSIDE_OUTPUT : HARNESS_WROTE_ON_ERROR;
    }
  }
  for (i = 0; l->own_output != NULL && status != MOTE_OK && status < 100 && i < l->output_bytes; i++) {
    if (l->own_output[i] != 0x5A) status = HARNESS_WROTE_ON_ERROR;
  }
  if (status == MOTE_OK) memcpy(c->output, l->output, l->output_bytes);
  free(l->block);
  free(l->before);
  free(l->own_output);
  return status;
}

static int8_t *scratch(uint32_t bytes) {
  return bytes == 0 ? NULL : malloc(bytes);
}

static mote_coded_weights_t coded(harness_case_t *c) {
  mote_coded_weights_t w;
  w.block = harness_buffer(c, 1);
  w.block_bytes = c->buffer_bytes[1];
  w.codebook = harness_buffer(c, 5);
  w.codebook_size = (int32_t)c->buffer_bytes[5];
  return w;
}

static int conv2d_1x1(harness_case_t *c) {
  mote_conv2d_s8_params_t p;
  layout_t l;
  int8_t *ring;
  int status;
  harness_read_window(c, &p.window);
  harness_read_requant(c, &p.requant);
  if (!layout_begin(c, window_input_bytes(&p.window), window_output_bytes(&p.window), &l)) return HARNESS_MALFORMED_CASE;
  ring = scratch((uint32_t)l.ring_pixels * (uint32_t)p.window.input_c);
  status = mote_conv2d_1x1_s8(&p, l.input, harness_buffer(c, 1), harness_buffer(c, 2), l.output, ring, l.ring_pixels);
  free(ring);
  return layout_end(c, &l, status);
}

static int conv2d_patch(harness_case_t *c) {
  mote_conv2d_s8_params_t p;
  layout_t l;
  int8_t *ring;
  int8_t *patch;
  int status;
  harness_read_window(c, &p.window);
  harness_read_requant(c, &p.requant);
  if (!layout_begin(c, window_input_bytes(&p.window), window_output_bytes(&p.window), &l)) return HARNESS_MALFORMED_CASE;
  ring = scratch((uint32_t)l.ring_pixels * (uint32_t)p.window.input_c);
  patch = scratch((uint32_t)(p.window.filter_h * p.window.filter_w * p.window.input_c));
  status = mote_conv2d_patch_s8(&p, l.input, harness_buffer(c, 1), harness_buffer(c, 2), l.output, patch, ring,
                                l.ring_pixels);
  free(patch);
  free(ring);
  return layout_end(c, &l, status);
}

typedef mote_status_t (*depthwise_kernel_t)(const mote_depthwise_conv2d_s8_params_t *, const int8_t *,
                                            const int8_t *, const int32_t *, int8_t *, int8_t *, int32_t);

static int depthwise(harness_case_t *c, depthwise_kernel_t kernel, int huffman) {
  mote_depthwise_conv2d_s8_params_t p;
  mote_coded_weights_t weights;
  layout_t l;
  int8_t *buffer;
  uint32_t filter_bytes;
  int status;
  harness_read_window(c, &p.window);
  p.depth_multiplier = harness_int(c);
  harness_read_requant(c, &p.requant);
  if (!layout_begin(c, window_input_bytes(&p.window), window_output_bytes(&p.window), &l)) return HARNESS_MALFORMED_CASE;
  filter_bytes = huffman ? (uint32_t)(p.window.filter_h * p.window.filter_w * p.window.output_c) : 0;
  buffer = scratch(filter_bytes + (uint32_t)p.window.input_c * (uint32_t)(1 + l.ring_pixels));
  if (huffman) {
    weights = coded(c);
    status = mote_depthwise_conv2d_huffman_s8(&p, l.input, &weights, harness_buffer(c, 2), l.output, buffer,
                                              l.ring_pixels);
  } else {
    status = kernel(&p, l.input, harness_buffer(c, 1), harness_buffer(c, 2), l.output, buffer, l.ring_pixels);
  }
  free(buffer);
  return layout_end(c, &l, status);
}

static int depthwise_stream(harness_case_t *c) {
  return depthwise(c, mote_depthwise_conv2d_stream_s8, 0);
}

static int depthwise_3x3(harness_case_t *c) {
  return depthwise(c, mote_depthwise_conv2d_3x3_s8, 0);
}

static int depthwise_huffman(harness_case_t *c) {
  return depthwise(c, NULL, 1);
}

static int fully_connected(harness_case_t *c, int huffman) {
  mote_fully_connected_s8_params_t p;
  mote_coded_weights_t weights;
  layout_t l;
  int status;
  p.batches = harness_int(c);
  p.depth = harness_int(c);
  p.units = harness_int(c);
  harness_read_requant(c, &p.requant);
  if (!layout_begin(c, (uint32_t)(p.batches * p.depth), (uint32_t)(p.batches * p.units), &l)) return HARNESS_MALFORMED_CASE;
  if (huffman) {
    weights = coded(c);
    int8_t *table = l.ring_pixels > 0 ? scratch(MOTE_HUFFMAN_TABLE_BYTES) : NULL;
    status = mote_fully_connected_huffman_s8(&p, l.input, &weights, harness_buffer(c, 2), l.output, table);
    free(table);
  } else {
    status = mote_fully_connected_folded_s8(&p, l.input, harness_buffer(c, 1), harness_buffer(c, 2), l.output);
  }
  return layout_end(c, &l, status);
}

static int fully_connected_folded(harness_case_t *c) {
  return fully_connected(c, 0);
}

static int fully_connected_huffman(harness_case_t *c) {
  return fully_connected(c, 1);
}

static int conv2d_huffman(harness_case_t *c) {
  mote_conv2d_s8_params_t p;
  mote_coded_weights_t weights;
  layout_t l;
  int8_t *buffer;
  int status;
  harness_read_window(c, &p.window);
  harness_read_requant(c, &p.requant);
  if (!layout_begin(c, window_input_bytes(&p.window), window_output_bytes(&p.window), &l)) return HARNESS_MALFORMED_CASE;
  buffer = scratch((uint32_t)(p.window.filter_h * p.window.filter_w * p.window.input_c) + MOTE_HUFFMAN_TABLE_BYTES);
  weights = coded(c);
  status = mote_conv2d_huffman_s8(&p, l.input, &weights, harness_buffer(c, 2), l.output, buffer);
  free(buffer);
  return layout_end(c, &l, status);
}

/* The in-place Huffman convolutions: the filter decoded into scratch, then the 1×1 or patch kernel. */
static int conv2d_stream_huffman(harness_case_t *c, int patch) {
  mote_conv2d_s8_params_t p;
  mote_coded_weights_t weights;
  layout_t l;
  int8_t *buffer;
  uint32_t taps;
  int status;
  harness_read_window(c, &p.window);
  harness_read_requant(c, &p.requant);
  if (!layout_begin(c, window_input_bytes(&p.window), window_output_bytes(&p.window), &l)) return HARNESS_MALFORMED_CASE;
  taps = (uint32_t)(p.window.filter_h * p.window.filter_w * p.window.input_c);
  buffer = scratch(taps * (uint32_t)p.window.output_c + MOTE_HUFFMAN_TABLE_BYTES + (patch ? taps : 0) +
                   (uint32_t)l.ring_pixels * (uint32_t)p.window.input_c);
  weights = coded(c);
  status = patch ? mote_conv2d_patch_huffman_s8(&p, l.input, &weights, harness_buffer(c, 2), l.output, buffer, l.ring_pixels)
                 : mote_conv2d_1x1_huffman_s8(&p, l.input, &weights, harness_buffer(c, 2), l.output, buffer, l.ring_pixels);
  free(buffer);
  return layout_end(c, &l, status);
}

static int conv2d_1x1_huffman(harness_case_t *c) {
  return conv2d_stream_huffman(c, 0);
}

static int conv2d_patch_huffman(harness_case_t *c) {
  return conv2d_stream_huffman(c, 1);
}

/* Decodes buffer 1 (block) with codebook 5 into the output: ints are the value count. */
static int huffman_decode(harness_case_t *c) {
  const mote_coded_weights_t weights = coded(c);
  return mote_huffman_decode_s8(&weights, c->output, (uint32_t)harness_int(c));
}

/* Weight memory: filter or block (1), folded bias (2), multipliers (3), shifts (4), codebook (5). */
#define WEIGHTS 0x3Eu

const harness_kernel_t harness_kernels[] = {
    {"mote_conv2d_1x1_s8", WEIGHTS, conv2d_1x1},
    {"mote_conv2d_patch_s8", WEIGHTS, conv2d_patch},
    {"mote_depthwise_conv2d_stream_s8", WEIGHTS, depthwise_stream},
    {"mote_depthwise_conv2d_3x3_s8", WEIGHTS, depthwise_3x3},
    {"mote_depthwise_conv2d_huffman_s8", WEIGHTS, depthwise_huffman},
    {"mote_fully_connected_folded_s8", WEIGHTS, fully_connected_folded},
    {"mote_fully_connected_huffman_s8", WEIGHTS, fully_connected_huffman},
    {"mote_conv2d_huffman_s8", WEIGHTS, conv2d_huffman},
    {"mote_conv2d_1x1_huffman_s8", WEIGHTS, conv2d_1x1_huffman},
    {"mote_conv2d_patch_huffman_s8", WEIGHTS, conv2d_patch_huffman},
    {"mote_huffman_decode_s8", WEIGHTS, huffman_decode},
};

const uint32_t harness_kernel_count = sizeof harness_kernels / sizeof harness_kernels[0];
