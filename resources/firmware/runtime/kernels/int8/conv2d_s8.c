/*
 * CONV_2D, int8 (tflite-micro reference_integer_ops::ConvPerChannel,
 * tensorflow/lite/kernels/internal/reference/integer_ops/conv.h).
 *
 * For each output (b, y, x, oc):
 *   acc = Σ_{fy, fx, ic} filter[oc, fy, fx, ic] · (input[b, iy, ix, ic] + input_offset)   (taps in the padding
 *         are skipped, i.e. the padded input is the zero point)
 *   acc = acc + bias[oc]                                                                    (wrapping int32)
 *   output = clamp(MBQM(acc, multiplier[oc], shift[oc]) + output_offset, activation_min, activation_max)
 * with iy = y·stride_h − pad_top + dilation_h·fy and ix likewise. |filter · (input + offset)| ≤ 128 · 255, so
 * the accumulator cannot overflow for up to 65,793 taps (filter_h · filter_w · input_c), which is checked.
 */
#include "fixed_point.h"

static mote_status_t check(const mote_conv2d_s8_params_t *params, const int8_t *input, const int8_t *filter,
                           const int8_t *output) {
  MOTE_REQUIRE(params != NULL && input != NULL && filter != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  const mote_window_t *w = &params->window;
  mote_status_t status = mote_check_window(w);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(mote_taps_fit_int32(w->filter_h, w->filter_w, w->input_c), MOTE_ERROR_OVERFLOW);
  status = mote_check_requant(&params->requant, w->output_c);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(!mote_overlaps(input, mote_window_input_count(w), output, mote_window_output_count(w)),
               MOTE_ERROR_OVERLAP);
  return MOTE_OK;
}

/* The int32 sum over one output's window, before bias and requantization. */
static int32_t accumulate(const mote_window_t *w, int32_t input_offset, const int8_t *input_batch,
                          const int8_t *filter_oc, int32_t in_y_origin, int32_t in_x_origin) {
  int32_t acc = 0;
  for (int32_t fy = 0; fy < w->filter_h; fy++) {
    const int32_t in_y = in_y_origin + w->dilation_h * fy;
    if (in_y < 0 || in_y >= w->input_h) continue;
    for (int32_t fx = 0; fx < w->filter_w; fx++) {
      const int32_t in_x = in_x_origin + w->dilation_w * fx;
      if (in_x < 0 || in_x >= w->input_w) continue;
      const int8_t *in = input_batch + (in_y * w->input_w + in_x) * w->input_c;
      const int8_t *f = filter_oc + (fy * w->filter_w + fx) * w->input_c;
      for (int32_t ic = 0; ic < w->input_c; ic++) {
        acc += (int32_t)MOTE_READ_WEIGHT_I8(&f[ic]) * ((int32_t)in[ic] + input_offset);
      }
    }
  }
  return acc;
}

mote_status_t mote_conv2d_s8(const mote_conv2d_s8_params_t *params, const int8_t *input, const int8_t *filter,
                             const int32_t *bias, int8_t *output) {
  const mote_status_t status = check(params, input, filter, output);
  if (status != MOTE_OK) return status;
  const mote_window_t *w = &params->window;
  const mote_requant_t *q = &params->requant;
  const int32_t filter_size = w->filter_h * w->filter_w * w->input_c;
  for (int32_t b = 0; b < w->batches; b++) {
    const int8_t *input_batch = input + b * w->input_h * w->input_w * w->input_c;
    for (int32_t y = 0; y < w->output_h; y++) {
      const int32_t in_y_origin = y * w->stride_h - w->pad_top;
      for (int32_t x = 0; x < w->output_w; x++) {
        const int32_t in_x_origin = x * w->stride_w - w->pad_left;
        int8_t *out = output + ((b * w->output_h + y) * w->output_w + x) * w->output_c;
        for (int32_t oc = 0; oc < w->output_c; oc++) {
          int32_t acc = accumulate(w, q->input_offset, input_batch, filter + oc * filter_size, in_y_origin,
                                   in_x_origin);
          if (bias != NULL) acc = mote_wrapping_add(acc, MOTE_READ_WEIGHT_I32(&bias[oc]));
          acc = mote_multiply_by_quantized_multiplier(acc, mote_requant_multiplier(q, oc), mote_requant_shift(q, oc));
          out[oc] = mote_offset_and_clamp(acc, q->output_offset, q->activation_min, q->activation_max);
        }
      }
    }
  }
  return MOTE_OK;
}
