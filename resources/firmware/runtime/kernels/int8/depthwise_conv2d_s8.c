/*
 * DEPTHWISE_CONV_2D, int8 (tflite-micro reference_integer_ops::DepthwiseConvPerChannel,
 * tensorflow/lite/kernels/internal/reference/integer_ops/depthwise_conv.h).
 *
 * Output channel oc = ic · depth_multiplier + m reads only input channel ic. For each output (b, y, x, oc):
 *   acc = Σ_{fy, fx} filter[0, fy, fx, oc] · (input[b, iy, ix, ic] + input_offset)   (padding taps skipped)
 *   acc = acc + bias[oc]                                                            (wrapping int32)
 *   output = clamp(MBQM(acc, multiplier[oc], shift[oc]) + output_offset, activation_min, activation_max)
 * with iy = y·stride_h − pad_top + dilation_h·fy and ix likewise.
 */
#include "fixed_point.h"

static mote_status_t check(const mote_depthwise_conv2d_s8_params_t *params, const int8_t *input,
                           const int8_t *filter, const int8_t *output) {
  MOTE_REQUIRE(params != NULL && input != NULL && filter != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  const mote_window_t *w = &params->window;
  mote_status_t status = mote_check_window(w);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(params->depth_multiplier >= 1 && w->output_c / params->depth_multiplier == w->input_c &&
                   w->output_c % params->depth_multiplier == 0,
               MOTE_ERROR_BAD_SHAPE);
  MOTE_REQUIRE(mote_taps_fit_int32(w->filter_h, w->filter_w, 1), MOTE_ERROR_OVERFLOW);
  status = mote_check_requant(&params->requant, w->output_c);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(!mote_overlaps(input, mote_window_input_count(w), output, mote_window_output_count(w)),
               MOTE_ERROR_OVERLAP);
  return MOTE_OK;
}

/* The int32 sum over one output's window for input channel ic and output channel oc. */
static int32_t accumulate(const mote_window_t *w, int32_t input_offset, const int8_t *input_batch,
                          const int8_t *filter, int32_t ic, int32_t oc, int32_t in_y_origin, int32_t in_x_origin) {
  int32_t acc = 0;
  for (int32_t fy = 0; fy < w->filter_h; fy++) {
    const int32_t in_y = in_y_origin + w->dilation_h * fy;
    if (in_y < 0 || in_y >= w->input_h) continue;
    for (int32_t fx = 0; fx < w->filter_w; fx++) {
      const int32_t in_x = in_x_origin + w->dilation_w * fx;
      if (in_x < 0 || in_x >= w->input_w) continue;
      const int32_t input_value = input_batch[(in_y * w->input_w + in_x) * w->input_c + ic];
      const int32_t filter_value = MOTE_READ_WEIGHT_I8(&filter[(fy * w->filter_w + fx) * w->output_c + oc]);
      acc += filter_value * (input_value + input_offset);
    }
  }
  return acc;
}

mote_status_t mote_depthwise_conv2d_s8(const mote_depthwise_conv2d_s8_params_t *params, const int8_t *input,
                                       const int8_t *filter, const int32_t *bias, int8_t *output) {
  const mote_status_t status = check(params, input, filter, output);
  if (status != MOTE_OK) return status;
  const mote_window_t *w = &params->window;
  const mote_requant_t *q = &params->requant;
  for (int32_t b = 0; b < w->batches; b++) {
    const int8_t *input_batch = input + b * w->input_h * w->input_w * w->input_c;
    for (int32_t y = 0; y < w->output_h; y++) {
      const int32_t in_y_origin = y * w->stride_h - w->pad_top;
      for (int32_t x = 0; x < w->output_w; x++) {
        const int32_t in_x_origin = x * w->stride_w - w->pad_left;
        int8_t *out = output + ((b * w->output_h + y) * w->output_w + x) * w->output_c;
        for (int32_t ic = 0; ic < w->input_c; ic++) {
          for (int32_t m = 0; m < params->depth_multiplier; m++) {
            const int32_t oc = ic * params->depth_multiplier + m;
            int32_t acc = accumulate(w, q->input_offset, input_batch, filter, ic, oc, in_y_origin, in_x_origin);
            if (bias != NULL) acc = mote_wrapping_add(acc, MOTE_READ_WEIGHT_I32(&bias[oc]));
            acc = mote_multiply_by_quantized_multiplier(acc, mote_requant_multiplier(q, oc),
                                                        mote_requant_shift(q, oc));
            out[oc] = mote_offset_and_clamp(acc, q->output_offset, q->activation_min, q->activation_max);
          }
        }
      }
    }
  }
  return MOTE_OK;
}
