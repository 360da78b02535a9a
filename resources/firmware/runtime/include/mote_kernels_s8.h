/*
 * The int8 kernels (TFLite int8 quantization: real = scale · (q − zero_point); weights symmetric int8,
 * per channel for convolutions; int32 biases with scale s_in · s_w). Include mote_runtime.h, not this file.
 *
 * Requantization (TFLite Micro's MultiplyByQuantizedMultiplier, double rounding): an int32 accumulator acc
 * becomes RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(acc · 2^max(shift, 0), multiplier),
 * max(−shift, 0)), i.e. acc · multiplier · 2^(shift − 31) rounded twice, exactly as
 * resources/firmware/runtime/kernels/int8/fixed_point.c documents. Multipliers are in [0, 2^31) (TFLite's
 * QuantizeMultiplier gives [2^30, 2^31) or 0); shifts must be in [−31, 30].
 */
#ifndef MOTE_KERNELS_S8_H
#define MOTE_KERNELS_S8_H

#include "mote_runtime.h"

/*
 * How an int32 accumulator becomes an int8 output: requantize with multipliers[c]/shifts[c] (or entry 0 for
 * every channel when per_channel is 0), add output_offset, clamp to [activation_min, activation_max] (the fused
 * activation: TFLite's CalculateActivationRangeQuantized). multipliers and shifts are weight memory.
 */
typedef struct {
  /* −(input zero point), added to every input value: in [−127, 128]. */
  int32_t input_offset;
  /* The output zero point, in [−128, 127]. */
  int32_t output_offset;
  int32_t activation_min;
  int32_t activation_max;
  /* 1: one multiplier and shift per output channel; 0: one for the whole tensor. */
  int32_t per_channel;
  const int32_t *multipliers;
  const int8_t *shifts;
} mote_requant_t;

/*
 * CONV_2D (TFLite Micro reference_integer_ops::ConvPerChannel). input [N, H, W, C_in]; filter
 * [C_out, filter_h, filter_w, C_in]; bias [C_out] or NULL; output [N, output_h, output_w, C_out]. A 1-D
 * convolution over T steps is the same op on [1, 1, T, C]. Aliasing: output must not overlap input.
 */
typedef struct {
  mote_window_t window;
  mote_requant_t requant;
} mote_conv2d_s8_params_t;

mote_status_t mote_conv2d_s8(const mote_conv2d_s8_params_t *params, const int8_t *input, const int8_t *filter,
                             const int32_t *bias, int8_t *output);

/*
 * DEPTHWISE_CONV_2D (reference_integer_ops::DepthwiseConvPerChannel). filter [1, filter_h, filter_w, C_out];
 * C_out = C_in · depth_multiplier and output channel oc = ic · depth_multiplier + m reads input channel ic.
 * Aliasing: output must not overlap input (an in-place variant with a line buffer is the planner's sibling).
 */
typedef struct {
  mote_window_t window;
  int32_t depth_multiplier;
  mote_requant_t requant;
} mote_depthwise_conv2d_s8_params_t;

mote_status_t mote_depthwise_conv2d_s8(const mote_depthwise_conv2d_s8_params_t *params, const int8_t *input,
                                       const int8_t *filter, const int32_t *bias, int8_t *output);

/*
 * FULLY_CONNECTED (reference_integer_ops::FullyConnected / FullyConnectedPerChannel). input [batches, depth]
 * (any tensor of batches · depth values), weights [units, depth], bias [units] or NULL, output
 * [batches, units]. Aliasing: output must not overlap input.
 */
typedef struct {
  int32_t batches;
  int32_t depth;
  int32_t units;
  mote_requant_t requant;
} mote_fully_connected_s8_params_t;

mote_status_t mote_fully_connected_s8(const mote_fully_connected_s8_params_t *params, const int8_t *input,
                                      const int8_t *weights, const int32_t *bias, int8_t *output);

/*
 * AVERAGE_POOL_2D and MAX_POOL_2D (reference_integer_ops::AveragePool / MaxPool). No requantization: the
 * output has the input's quantization. The window is clipped to the input (padding is neither read nor
 * counted); the average rounds half away from zero. window.output_c must equal window.input_c and the
 * dilations must be 1. Every window must overlap the input. Aliasing: output must not overlap input.
 */
typedef struct {
  mote_window_t window;
  int32_t activation_min;
  int32_t activation_max;
} mote_pool2d_s8_params_t;

mote_status_t mote_average_pool2d_s8(const mote_pool2d_s8_params_t *params, const int8_t *input, int8_t *output);
mote_status_t mote_max_pool2d_s8(const mote_pool2d_s8_params_t *params, const int8_t *input, int8_t *output);

/*
 * ADD of two int8 tensors of `size` values (reference_integer_ops::AddFunc with TFLite Micro's
 * CalculateOpDataAdd): each input, offset and shifted left by left_shift (20 for int8), is requantized to a
 * common scale; the sum is requantized to the output scale. Aliasing: output may be input1 or input2 (the
 * same pointer), or disjoint from both.
 */
typedef struct {
  int32_t size;
  /* In [0, 22], so that (input + offset) · 2^left_shift fits in int32. */
  int32_t left_shift;
  int32_t input1_offset;
  int32_t input1_multiplier;
  int32_t input1_shift;
  int32_t input2_offset;
  int32_t input2_multiplier;
  int32_t input2_shift;
  int32_t output_multiplier;
  int32_t output_shift;
  int32_t output_offset;
  int32_t activation_min;
  int32_t activation_max;
} mote_add_s8_params_t;

mote_status_t mote_add_s8(const mote_add_s8_params_t *params, const int8_t *input1, const int8_t *input2,
                          int8_t *output);

/*
 * SOFTMAX over the last axis of rows × depth values (reference_ops::Softmax<int8_t, int8_t>, gemmlowp's
 * fixed-point exp and reciprocal). The output scale is 1/256 and its zero point −128. input_multiplier and
 * input_left_shift are tflite PreprocessSoftmaxScaling(beta, input_scale, 5); diff_min is
 * −CalculateInputRadius(5, input_left_shift). Aliasing: output may be input (the same pointer).
 */
typedef struct {
  int32_t rows;
  int32_t depth;
  int32_t input_multiplier;
  /* In [0, 31]. */
  int32_t input_left_shift;
  int32_t diff_min;
} mote_softmax_s8_params_t;

mote_status_t mote_softmax_s8(const mote_softmax_s8_params_t *params, const int8_t *input, int8_t *output);

/*
 * int8 → int8 with a new scale: QUANTIZE between int8 tensors (reference_ops::Requantize) and RELU
 * (TFLite Micro's ReluQuantized, activation_min = the output's quantized 0). Each value becomes
 * clamp(MBQM(q − input_zero_point, multiplier, shift) + output_zero_point). Aliasing: output may be input.
 */
typedef struct {
  int32_t size;
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t multiplier;
  int32_t shift;
  int32_t activation_min;
  int32_t activation_max;
} mote_requantize_s8_params_t;

mote_status_t mote_requantize_s8(const mote_requantize_s8_params_t *params, const int8_t *input, int8_t *output);

/*
 * A clamp to [activation_min, activation_max] without requantization: RELU6 (TFLite Micro's Relu6Quantized,
 * [zero_point, quantized 6]) or a standalone RELU whose output shares its input's quantization.
 * Aliasing: output may be input.
 */
typedef struct {
  int32_t size;
  int32_t activation_min;
  int32_t activation_max;
} mote_clamp_s8_params_t;

mote_status_t mote_clamp_s8(const mote_clamp_s8_params_t *params, const int8_t *input, int8_t *output);

#endif
