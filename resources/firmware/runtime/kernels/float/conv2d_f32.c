/*
 * CONV_2D, float32 (tflite reference_ops::Conv, tensorflow/lite/kernels/internal/reference/conv.h).
 * For each output (b, y, x, oc), in this order: acc = Σ_{fy, fx, ic} filter[oc, fy, fx, ic] · input[b, iy, ix, ic]
 * over the taps inside the input (padding is zero), then acc + bias[oc], then the activation clamp. Every
 * product and sum is rounded to float32 (compile without FMA contraction to match the TypeScript reference).
 * Aliasing: output must not overlap input.
 */
#include "float_common.h"

static float accumulate(const mote_window_t *w, const float *input_batch, const float *filter_oc,
                        int32_t in_y_origin, int32_t in_x_origin) {
  float acc = 0.0f;
  for (int32_t fy = 0; fy < w->filter_h; fy++) {
    const int32_t in_y = in_y_origin + w->dilation_h * fy;
    if (in_y < 0 || in_y >= w->input_h) continue;
    for (int32_t fx = 0; fx < w->filter_w; fx++) {
      const int32_t in_x = in_x_origin + w->dilation_w * fx;
      if (in_x < 0 || in_x >= w->input_w) continue;
      const float *in = input_batch + (in_y * w->input_w + in_x) * w->input_c;
      const float *f = filter_oc + (fy * w->filter_w + fx) * w->input_c;
      for (int32_t ic = 0; ic < w->input_c; ic++) acc += MOTE_READ_WEIGHT_F32(&f[ic]) * in[ic];
    }
  }
  return acc;
}

mote_status_t mote_conv2d_f32(const mote_conv2d_f32_params_t *params, const float *input, const float *filter,
                              const float *bias, float *output) {
  MOTE_REQUIRE(params != NULL && input != NULL && filter != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  const mote_window_t *w = &params->window;
  const mote_status_t status = mote_check_window(w);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(mote_is_float_range(params->activation_min, params->activation_max), MOTE_ERROR_BAD_QUANTIZATION);
  MOTE_REQUIRE(!mote_overlaps(input, mote_window_input_count(w) * 4u, output, mote_window_output_count(w) * 4u),
               MOTE_ERROR_OVERLAP);
  const int32_t filter_size = w->filter_h * w->filter_w * w->input_c;
  for (int32_t b = 0; b < w->batches; b++) {
    const float *input_batch = input + b * w->input_h * w->input_w * w->input_c;
    for (int32_t y = 0; y < w->output_h; y++) {
      for (int32_t x = 0; x < w->output_w; x++) {
        float *out = output + ((b * w->output_h + y) * w->output_w + x) * w->output_c;
        for (int32_t oc = 0; oc < w->output_c; oc++) {
          float acc = accumulate(w, input_batch, filter + oc * filter_size, y * w->stride_h - w->pad_top,
                                 x * w->stride_w - w->pad_left);
          if (bias != NULL) acc += MOTE_READ_WEIGHT_F32(&bias[oc]);
          out[oc] = mote_clamp_f32_value(acc, params->activation_min, params->activation_max);
        }
      }
    }
  }
  return MOTE_OK;
}
