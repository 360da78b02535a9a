/*
 * DEPTHWISE_CONV_2D, float32 (tflite reference_ops::DepthwiseConv,
 * tensorflow/lite/kernels/internal/reference/depthwiseconv_float.h). Output channel oc = ic · depth_multiplier + m:
 * acc = Σ_{fy, fx} filter[0, fy, fx, oc] · input[b, iy, ix, ic] over the taps inside the input, then
 * acc + bias[oc], then the activation clamp, in float32. Aliasing: output must not overlap input.
 */
#include "float_common.h"

static float accumulate(const mote_window_t *w, const float *input_batch, const float *filter, int32_t ic,
                        int32_t oc, int32_t in_y_origin, int32_t in_x_origin) {
  float acc = 0.0f;
  for (int32_t fy = 0; fy < w->filter_h; fy++) {
    const int32_t in_y = in_y_origin + w->dilation_h * fy;
    if (in_y < 0 || in_y >= w->input_h) continue;
    for (int32_t fx = 0; fx < w->filter_w; fx++) {
      const int32_t in_x = in_x_origin + w->dilation_w * fx;
      if (in_x < 0 || in_x >= w->input_w) continue;
      const float filter_value = MOTE_READ_WEIGHT_F32(&filter[(fy * w->filter_w + fx) * w->output_c + oc]);
      acc += filter_value * input_batch[(in_y * w->input_w + in_x) * w->input_c + ic];
    }
  }
  return acc;
}

mote_status_t mote_depthwise_conv2d_f32(const mote_depthwise_conv2d_f32_params_t *params, const float *input,
                                        const float *filter, const float *bias, float *output) {
  MOTE_REQUIRE(params != NULL && input != NULL && filter != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  const mote_window_t *w = &params->window;
  const int32_t multiplier = params->depth_multiplier;
  const mote_status_t status = mote_check_window(w);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(multiplier >= 1 && w->output_c % multiplier == 0 && w->output_c / multiplier == w->input_c,
               MOTE_ERROR_BAD_SHAPE);
  MOTE_REQUIRE(mote_is_float_range(params->activation_min, params->activation_max), MOTE_ERROR_BAD_QUANTIZATION);
  MOTE_REQUIRE(!mote_overlaps(input, mote_window_input_count(w) * 4u, output, mote_window_output_count(w) * 4u),
               MOTE_ERROR_OVERLAP);
  for (int32_t b = 0; b < w->batches; b++) {
    const float *input_batch = input + b * w->input_h * w->input_w * w->input_c;
    for (int32_t y = 0; y < w->output_h; y++) {
      for (int32_t x = 0; x < w->output_w; x++) {
        float *out = output + ((b * w->output_h + y) * w->output_w + x) * w->output_c;
        for (int32_t ic = 0; ic < w->input_c; ic++) {
          for (int32_t m = 0; m < multiplier; m++) {
            const int32_t oc = ic * multiplier + m;
            float acc = accumulate(w, input_batch, filter, ic, oc, y * w->stride_h - w->pad_top,
                                   x * w->stride_w - w->pad_left);
            if (bias != NULL) acc += MOTE_READ_WEIGHT_F32(&bias[oc]);
            out[oc] = mote_clamp_f32_value(acc, params->activation_min, params->activation_max);
          }
        }
      }
    }
  }
  return MOTE_OK;
}
