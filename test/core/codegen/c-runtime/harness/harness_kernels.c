/*
 * One runner per runtime kernel: it rebuilds the params struct from the case's parameters (in the struct's
 * declaration order, as test/core/codegen/c-runtime/wire.ts writes them) and calls the kernel.
 */
#include "harness.h"

#define IN(i) harness_buffer(c, (i))

static int conv2d_s8(harness_case_t *c) {
  mote_conv2d_s8_params_t p;
  harness_read_window(c, &p.window);
  harness_read_requant(c, &p.requant);
  return mote_conv2d_s8(&p, IN(0), IN(1), IN(2), c->output);
}

static int depthwise_conv2d_s8(harness_case_t *c) {
  mote_depthwise_conv2d_s8_params_t p;
  harness_read_window(c, &p.window);
  p.depth_multiplier = harness_int(c);
  harness_read_requant(c, &p.requant);
  return mote_depthwise_conv2d_s8(&p, IN(0), IN(1), IN(2), c->output);
}

static int fully_connected_s8(harness_case_t *c) {
  mote_fully_connected_s8_params_t p;
  p.batches = harness_int(c);
  p.depth = harness_int(c);
  p.units = harness_int(c);
  harness_read_requant(c, &p.requant);
  return mote_fully_connected_s8(&p, IN(0), IN(1), IN(2), c->output);
}

static void read_pool_s8(harness_case_t *c, mote_pool2d_s8_params_t *p) {
  harness_read_window(c, &p->window);
  p->activation_min = harness_int(c);
  p->activation_max = harness_int(c);
}

static int average_pool2d_s8(harness_case_t *c) {
  mote_pool2d_s8_params_t p;
  read_pool_s8(c, &p);
  return mote_average_pool2d_s8(&p, IN(0), c->output);
}

static int max_pool2d_s8(harness_case_t *c) {
  mote_pool2d_s8_params_t p;
  read_pool_s8(c, &p);
  return mote_max_pool2d_s8(&p, IN(0), c->output);
}

static int add_s8(harness_case_t *c) {
  mote_add_s8_params_t p;
  p.size = harness_int(c);
  p.left_shift = harness_int(c);
  p.input1_offset = harness_int(c);
  p.input1_multiplier = harness_int(c);
  p.input1_shift = harness_int(c);
  p.input2_offset = harness_int(c);
  p.input2_multiplier = harness_int(c);
  p.input2_shift = harness_int(c);
  p.output_multiplier = harness_int(c);
  p.output_shift = harness_int(c);
  p.output_offset = harness_int(c);
  p.activation_min = harness_int(c);
  p.activation_max = harness_int(c);
  return mote_add_s8(&p, IN(0), IN(1), c->output);
}

static int softmax_s8(harness_case_t *c) {
  mote_softmax_s8_params_t p;
  p.rows = harness_int(c);
  p.depth = harness_int(c);
  p.input_multiplier = harness_int(c);
  p.input_left_shift = harness_int(c);
  p.diff_min = harness_int(c);
  return mote_softmax_s8(&p, IN(0), c->output);
}

static int requantize_s8(harness_case_t *c) {
  mote_requantize_s8_params_t p;
  p.size = harness_int(c);
  p.input_zero_point = harness_int(c);
  p.output_zero_point = harness_int(c);
  p.multiplier = harness_int(c);
  p.shift = harness_int(c);
  p.activation_min = harness_int(c);
  p.activation_max = harness_int(c);
  return mote_requantize_s8(&p, IN(0), c->output);
}

static int clamp_s8(harness_case_t *c) {
  mote_clamp_s8_params_t p;
  p.size = harness_int(c);
  p.activation_min = harness_int(c);
  p.activation_max = harness_int(c);
  return mote_clamp_s8(&p, IN(0), c->output);
}

static int conv2d_f32(harness_case_t *c) {
  mote_conv2d_f32_params_t p;
  harness_read_window(c, &p.window);
  p.activation_min = harness_float(c);
  p.activation_max = harness_float(c);
  return mote_conv2d_f32(&p, IN(0), IN(1), IN(2), c->output);
}

static int depthwise_conv2d_f32(harness_case_t *c) {
  mote_depthwise_conv2d_f32_params_t p;
  harness_read_window(c, &p.window);
  p.depth_multiplier = harness_int(c);
  p.activation_min = harness_float(c);
  p.activation_max = harness_float(c);
  return mote_depthwise_conv2d_f32(&p, IN(0), IN(1), IN(2), c->output);
}

static int fully_connected_f32(harness_case_t *c) {
  mote_fully_connected_f32_params_t p;
  p.batches = harness_int(c);
  p.depth = harness_int(c);
  p.units = harness_int(c);
  p.activation_min = harness_float(c);
  p.activation_max = harness_float(c);
  return mote_fully_connected_f32(&p, IN(0), IN(1), IN(2), c->output);
}

static void read_pool_f32(harness_case_t *c, mote_pool2d_f32_params_t *p) {
  harness_read_window(c, &p->window);
  p->activation_min = harness_float(c);
  p->activation_max = harness_float(c);
}

static int average_pool2d_f32(harness_case_t *c) {
  mote_pool2d_f32_params_t p;
  read_pool_f32(c, &p);
  return mote_average_pool2d_f32(&p, IN(0), c->output);
}

static int max_pool2d_f32(harness_case_t *c) {
  mote_pool2d_f32_params_t p;
  read_pool_f32(c, &p);
  return mote_max_pool2d_f32(&p, IN(0), c->output);
}

static int add_f32(harness_case_t *c) {
  mote_add_f32_params_t p;
  p.size = harness_int(c);
  p.activation_min = harness_float(c);
  p.activation_max = harness_float(c);
  return mote_add_f32(&p, IN(0), IN(1), c->output);
}

static int softmax_f32(harness_case_t *c) {
  mote_softmax_f32_params_t p;
  p.rows = harness_int(c);
  p.depth = harness_int(c);
  p.beta = harness_float(c);
  return mote_softmax_f32(&p, IN(0), c->output);
}

static int clamp_f32(harness_case_t *c) {
  mote_clamp_f32_params_t p;
  p.size = harness_int(c);
  p.activation_min = harness_float(c);
  p.activation_max = harness_float(c);
  return mote_clamp_f32(&p, IN(0), c->output);
}

static void read_affine(harness_case_t *c, mote_affine_f32_params_t *p) {
  p->size = harness_int(c);
  p->scale = harness_float(c);
  p->zero_point = harness_int(c);
}

static int quantize_f32_s8(harness_case_t *c) {
  mote_affine_f32_params_t p;
  read_affine(c, &p);
  return mote_quantize_f32_s8(&p, IN(0), c->output);
}

static int dequantize_s8_f32(harness_case_t *c) {
  mote_affine_f32_params_t p;
  read_affine(c, &p);
  return mote_dequantize_s8_f32(&p, IN(0), c->output);
}

static int reshape(harness_case_t *c) {
  const int32_t bytes = harness_int(c);
  return mote_reshape(IN(0), c->output, (size_t)bytes);
}

/* Weighted kernels: buffers 1 (filter/weights), 2 (bias), 3 (multipliers) and 4 (shifts) are weights. */
#define WEIGHTS_S8 0x1Eu
#define WEIGHTS_F32 0x06u

const harness_kernel_t harness_kernels[] = {
    {"mote_conv2d_s8", WEIGHTS_S8, conv2d_s8},
    {"mote_depthwise_conv2d_s8", WEIGHTS_S8, depthwise_conv2d_s8},
    {"mote_fully_connected_s8", WEIGHTS_S8, fully_connected_s8},
    {"mote_average_pool2d_s8", 0, average_pool2d_s8},
    {"mote_max_pool2d_s8", 0, max_pool2d_s8},
    {"mote_add_s8", 0, add_s8},
    {"mote_softmax_s8", 0, softmax_s8},
    {"mote_requantize_s8", 0, requantize_s8},
    {"mote_clamp_s8", 0, clamp_s8},
    {"mote_conv2d_f32", WEIGHTS_F32, conv2d_f32},
    {"mote_depthwise_conv2d_f32", WEIGHTS_F32, depthwise_conv2d_f32},
    {"mote_fully_connected_f32", WEIGHTS_F32, fully_connected_f32},
    {"mote_average_pool2d_f32", 0, average_pool2d_f32},
    {"mote_max_pool2d_f32", 0, max_pool2d_f32},
    {"mote_add_f32", 0, add_f32},
    {"mote_softmax_f32", 0, softmax_f32},
    {"mote_clamp_f32", 0, clamp_f32},
    {"mote_quantize_f32_s8", 0, quantize_f32_s8},
    {"mote_dequantize_s8_f32", 0, dequantize_s8_f32},
    {"mote_reshape", 0, reshape},
    {"test_fixed_point", 0, harness_fixed_point},
};

const uint32_t harness_kernel_count = sizeof harness_kernels / sizeof harness_kernels[0];
