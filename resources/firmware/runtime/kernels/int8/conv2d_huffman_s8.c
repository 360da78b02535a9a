/*
 * CONV_2D from Huffman-coded weights (mote_kernels_gen_s8.h). The filter is stored output channel after output
 * channel, so each channel's filter (filter_h · filter_w · input_c weights) is decoded once into `scratch` and
 * swept over every output pixel:
 *   acc = Σ_taps inside  Σ_ic f[t, ic] · input[ic]  +  Σ_taps in padding  zero_point · Σ_ic f[t, ic]
 *   output = clamp(MBQM(acc + folded_bias[oc], multiplier[oc], shift[oc]) + output_offset)
 * which is mote_conv2d_patch_s8's sum with the padding taps' zero points multiplied out. Writing one channel
 * of every pixel before the next channel touches the whole output, so the output must be disjoint from the
 * input.
 */
#include "gen_common.h"
#include "huffman.h"

static mote_status_t check(const mote_conv2d_s8_params_t *params, const int8_t *input,
                           const mote_coded_weights_t *filter, const int32_t *folded_bias, const int8_t *output,
                           int8_t *scratch, mote_huffman_t *decoder) {
  const mote_window_t *w;
  mote_status_t status;
  MOTE_REQUIRE(params != NULL && input != NULL && filter != NULL && folded_bias != NULL && output != NULL &&
                   scratch != NULL,
               MOTE_ERROR_NULL_POINTER);
  w = &params->window;
  status = mote_check_window(w);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(mote_taps_fit_int32(w->filter_h, w->filter_w, w->input_c), MOTE_ERROR_OVERFLOW);
  status = mote_check_requant(&params->requant, w->output_c);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(!mote_overlaps(input, mote_window_input_count(w), output, mote_window_output_count(w)) &&
                   mote_scratch_is_free(scratch,
                                        (uint32_t)(w->filter_h * w->filter_w * w->input_c) + MOTE_HUFFMAN_TABLE_BYTES,
                                        w, input, output),
               MOTE_ERROR_OVERLAP);
  return mote_huffman_start(decoder, filter,
                            (uint32_t)w->output_c * (uint32_t)(w->filter_h * w->filter_w * w->input_c),
                            scratch + w->filter_h * w->filter_w * w->input_c);
}

/* The sum over the window of output pixel (b, y, x) for one channel's decoded filter f. */
static int32_t window_sum(const mote_window_t *w, const int8_t *input, const int8_t *f, int32_t zero_point,
                          int32_t b, int32_t y, int32_t x) {
  int32_t acc = 0;
  int32_t fy;
  int32_t fx;
  int32_t ic;
  for (fy = 0; fy < w->filter_h; fy++) {
    const int32_t in_y = y * w->stride_h - w->pad_top + fy * w->dilation_h;
    for (fx = 0; fx < w->filter_w; fx++) {
      const int32_t in_x = x * w->stride_w - w->pad_left + fx * w->dilation_w;
      const int8_t *tap = f + (fy * w->filter_w + fx) * w->input_c;
      if (in_y < 0 || in_y >= w->input_h || in_x < 0 || in_x >= w->input_w) {
        int32_t sum = 0;
        for (ic = 0; ic < w->input_c; ic++) sum += tap[ic];
        acc += zero_point * sum;
      } else {
        const int8_t *in = input + ((b * w->input_h + in_y) * w->input_w + in_x) * w->input_c;
        for (ic = 0; ic < w->input_c; ic++) acc += (int32_t)tap[ic] * in[ic];
      }
    }
  }
  return acc;
}

mote_status_t mote_conv2d_huffman_s8(const mote_conv2d_s8_params_t *params, const int8_t *input,
                                     const mote_coded_weights_t *filter, const int32_t *folded_bias, int8_t *output,
                                     int8_t *scratch) {
  mote_huffman_t decoder;
  const mote_status_t status = check(params, input, filter, folded_bias, output, scratch, &decoder);
  const mote_window_t *w = &params->window;
  const int32_t filter_size = w->filter_h * w->filter_w * w->input_c;
  const int32_t zero_point = -params->requant.input_offset;
  int32_t oc;
  if (status != MOTE_OK) return status;
  for (oc = 0; oc < w->output_c; oc++) {
    int32_t i;
    int32_t b;
    for (i = 0; i < filter_size; i++) scratch[i] = mote_huffman_next(&decoder);
    for (b = 0; b < w->batches; b++) {
      int32_t y;
      for (y = 0; y < w->output_h; y++) {
        int32_t x;
        for (x = 0; x < w->output_w; x++) {
          const int32_t p = (b * w->output_h + y) * w->output_w + x;
          const int32_t acc = window_sum(w, input, scratch, zero_point, b, y, x);
          output[p * w->output_c + oc] = mote_requantize_folded(&params->requant, folded_bias, oc, acc);
        }
      }
    }
  }
  return MOTE_OK;
}
