/*
 * AVERAGE_POOL_2D, int8 (tflite-micro reference_integer_ops::AveragePool,
 * tensorflow/lite/kernels/internal/reference/integer_ops/pooling.h).
 *
 * The window is clipped to the input: padding is neither summed nor counted. For each output (b, y, x, c):
 *   sum = Σ input over the clipped window, count = its size (≥ 1, checked)
 *   average = (sum ± count/2) / count with C's truncating division (+ for sum > 0): half away from zero
 *   output = clamp(average, activation_min, activation_max)
 * No requantization: the output has the input's scale and zero point.
 */
#include "../common/mote_internal.h"

/* Rounds sum / count half away from zero, as TFLite Micro does. */
static int32_t rounded_average(int32_t sum, int32_t count) {
  return sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
}

static int32_t window_average(const mote_window_t *w, const int8_t *input_batch, int32_t in_y_origin,
                              int32_t in_x_origin, int32_t c) {
  int32_t fy_start, fy_end, fx_start, fx_end;
  mote_clip_window(in_y_origin, w->filter_h, w->input_h, &fy_start, &fy_end);
  mote_clip_window(in_x_origin, w->filter_w, w->input_w, &fx_start, &fx_end);
  int32_t sum = 0;
  for (int32_t fy = fy_start; fy < fy_end; fy++) {
    for (int32_t fx = fx_start; fx < fx_end; fx++) {
      sum += input_batch[((in_y_origin + fy) * w->input_w + in_x_origin + fx) * w->input_c + c];
    }
  }
  return rounded_average(sum, (fy_end - fy_start) * (fx_end - fx_start));
}

mote_status_t mote_average_pool2d_s8(const mote_pool2d_s8_params_t *params, const int8_t *input, int8_t *output) {
  MOTE_REQUIRE(params != NULL, MOTE_ERROR_NULL_POINTER);
  const mote_window_t *w = &params->window;
  const mote_status_t status = mote_check_pool(w, input, output, 1);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(mote_is_int8_range(params->activation_min, params->activation_max), MOTE_ERROR_BAD_QUANTIZATION);
  for (int32_t b = 0; b < w->batches; b++) {
    const int8_t *input_batch = input + b * w->input_h * w->input_w * w->input_c;
    for (int32_t y = 0; y < w->output_h; y++) {
      for (int32_t x = 0; x < w->output_w; x++) {
        int8_t *out = output + ((b * w->output_h + y) * w->output_w + x) * w->output_c;
        for (int32_t c = 0; c < w->input_c; c++) {
          int32_t average =
              window_average(w, input_batch, y * w->stride_h - w->pad_top, x * w->stride_w - w->pad_left, c);
          if (average < params->activation_min) average = params->activation_min;
          if (average > params->activation_max) average = params->activation_max;
          out[c] = (int8_t)average;
        }
      }
    }
  }
  return MOTE_OK;
}
