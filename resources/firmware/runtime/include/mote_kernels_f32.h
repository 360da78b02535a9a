/*
 * The float32 kernels, for float variants on boards with an FPU, and QUANTIZE / DEQUANTIZE between float and
 * int8 at a model's edges. Include mote_runtime.h, not this file.
 *
 * Arithmetic: float32 throughout, products and sums in the loop order of TFLite's float reference kernels
 * (tensorflow/lite/kernels/internal/reference), bias added after the sum, then the activation clamp. Compiled
 * with -ffp-contract=off on a target whose float is IEEE binary32 with FLT_EVAL_METHOD 0, every kernel but
 * softmax gives the same values as the TypeScript float reference; softmax differs where expf and JavaScript's
 * Math.exp round differently (docs/codegen.md states the tolerance). A build that fuses multiply-adds (FMA)
 * changes the rounding of every accumulation: results then agree within the tolerance, not bit for bit.
 * Activation bounds are floats: −INFINITY / INFINITY for none, 0 / INFINITY for RELU, 0 / 6 for RELU6.
 */
#ifndef MOTE_KERNELS_F32_H
#define MOTE_KERNELS_F32_H

#include "mote_runtime.h"

/* CONV_2D, layouts as mote_conv2d_s8. Aliasing: output must not overlap input. */
typedef struct {
  mote_window_t window;
  float activation_min;
  float activation_max;
} mote_conv2d_f32_params_t;

mote_status_t mote_conv2d_f32(const mote_conv2d_f32_params_t *params, const float *input, const float *filter,
                              const float *bias, float *output);

/* DEPTHWISE_CONV_2D, layouts as mote_depthwise_conv2d_s8. Aliasing: output must not overlap input. */
typedef struct {
  mote_window_t window;
  int32_t depth_multiplier;
  float activation_min;
  float activation_max;
} mote_depthwise_conv2d_f32_params_t;

mote_status_t mote_depthwise_conv2d_f32(const mote_depthwise_conv2d_f32_params_t *params, const float *input,
                                        const float *filter, const float *bias, float *output);

/* FULLY_CONNECTED, layouts as mote_fully_connected_s8. Aliasing: output must not overlap input. */
typedef struct {
  int32_t batches;
  int32_t depth;
  int32_t units;
  float activation_min;
  float activation_max;
} mote_fully_connected_f32_params_t;

mote_status_t mote_fully_connected_f32(const mote_fully_connected_f32_params_t *params, const float *input,
                                       const float *weights, const float *bias, float *output);

/* AVERAGE_POOL_2D and MAX_POOL_2D, geometry as mote_pool2d_s8. Aliasing: output must not overlap input. */
typedef struct {
  mote_window_t window;
  float activation_min;
  float activation_max;
} mote_pool2d_f32_params_t;

mote_status_t mote_average_pool2d_f32(const mote_pool2d_f32_params_t *params, const float *input, float *output);
mote_status_t mote_max_pool2d_f32(const mote_pool2d_f32_params_t *params, const float *input, float *output);

/* ADD of two tensors of `size` values. Aliasing: output may be input1 or input2 (the same pointer). */
typedef struct {
  int32_t size;
  float activation_min;
  float activation_max;
} mote_add_f32_params_t;

mote_status_t mote_add_f32(const mote_add_f32_params_t *params, const float *input1, const float *input2,
                           float *output);

/* SOFTMAX over the last axis: exp((x − max) · beta) / Σ. Aliasing: output may be input. */
typedef struct {
  int32_t rows;
  int32_t depth;
  float beta;
} mote_softmax_f32_params_t;

mote_status_t mote_softmax_f32(const mote_softmax_f32_params_t *params, const float *input, float *output);

/* RELU and RELU6 on float tensors: a clamp to [activation_min, activation_max]. Aliasing: output may be input. */
typedef struct {
  int32_t size;
  float activation_min;
  float activation_max;
} mote_clamp_f32_params_t;

mote_status_t mote_clamp_f32(const mote_clamp_f32_params_t *params, const float *input, float *output);

/*
 * QUANTIZE float → int8 (reference_ops::AffineQuantize): clamp(roundf(x / scale) + zero_point, −128, 127),
 * rounding half away from zero; NaN becomes 0, as in the TypeScript reference.
 * DEQUANTIZE int8 → float: scale · (q − zero_point), which equals TFLite's float(double(scale) · (q − zero_point))
 * because the product is exact in double.
 * Aliasing: output may start at the input's address (the kernels walk so that no unread value is overwritten).
 */
typedef struct {
  int32_t size;
  float scale;
  int32_t zero_point;
} mote_affine_f32_params_t;

mote_status_t mote_quantize_f32_s8(const mote_affine_f32_params_t *params, const float *input, int8_t *output);
mote_status_t mote_dequantize_s8_f32(const mote_affine_f32_params_t *params, const int8_t *input, float *output);

#endif
