/*
 * MAX_POOL_2D, float32 (tflite reference_ops::MaxPool): the largest input in the window clipped to the input,
 * starting from −INFINITY, then the activation clamp. Aliasing: output must not overlap input.
 */
#include <math.h>

#include "float_common.h"

static float window_max(const mote_window_t *w, const float *input_batch, int32_t in_y_origin, int32_t in_x_origin,
                        int32_t c) {
  int32_t fy_start, fy_end, fx_start, fx_end;
  mote_clip_window(in_y_origin, w->filter_h, w->input_h, &fy_start, &fy_end);
  mote_clip_window(in_x_origin, w->filter_w, w->input_w, &fx_start, &fx_end);
  float max = -INFINITY;
  for (int32_t fy = fy_start; fy < fy_end; fy++) {
    for (int32_t fx = fx_start; fx < fx_end; fx++) {
      const float value = input_batch[((in_y_origin + fy) * w->input_w + in_x_origin + fx) * w->input_c + c];
      if (value > max) max = value;
    }
  }
  return max;
}

mote_status_t mote_max_pool2d_f32(const mote_pool2d_f32_params_t *params, const float *input, float *output) {
  MOTE_REQUIRE(params != NULL, MOTE_ERROR_NULL_POINTER);
  const mote_window_t *w = &params->window;
  const mote_status_t status = mote_check_pool(w, input, output, 4);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(mote_is_float_range(params->activation_min, params->activation_max), MOTE_ERROR_BAD_QUANTIZATION);
  for (int32_t b = 0; b < w->batches; b++) {
    const float *input_batch = input + b * w->input_h * w->input_w * w->input_c;
    for (int32_t y = 0; y < w->output_h; y++) {
      for (int32_t x = 0; x < w->output_w; x++) {
        float *out = output + ((b * w->output_h + y) * w->output_w + x) * w->output_c;
        for (int32_t c = 0; c < w->input_c; c++) {
          const float max =
              window_max(w, input_batch, y * w->stride_h - w->pad_top, x * w->stride_w - w->pad_left, c);
          out[c] = mote_clamp_f32_value(max, params->activation_min, params->activation_max);
        }
      }
    }
  }
  return MOTE_OK;
}
