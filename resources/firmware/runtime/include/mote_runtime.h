/*
 * Mote runtime: the hand-written C99 kernels that generated model code calls (docs/codegen.md, "The C runtime").
 *
 * Contract shared by every kernel:
 * - One function per op and arithmetic, `mote_<op>_<s8|f32>(params, tensors...)`: a const params struct holds
 *   the shapes and quantization, then come the tensor pointers (inputs, weights, output). The function checks
 *   its preconditions, returns a `mote_status_t`, never allocates, keeps no state and calls no libc but
 *   memmove (reshape) and expf/roundf (float kernels).
 * - int8 kernels compute exactly what TensorFlow Lite Micro's reference integer kernels compute, and so exactly
 *   what the TypeScript reference interpreter (src/core/compress/reference) computes: same bytes for the same
 *   inputs. They use no floating point at all.
 * - Tensors are NHWC with TFLite's weight layouts (see mote_kernels_s8.h). Activations live in RAM; weights,
 *   biases and per-channel multipliers/shifts are read only through the MOTE_READ_WEIGHT_* macros below, so that
 *   a port can keep them in another address space (AVR program memory) without touching the kernels.
 * - Each kernel's documentation says whether its output may alias an input. Element-wise kernels (add,
 *   requantize, clamp, quantize, dequantize, softmax, reshape) accept output == input (the same pointer);
 *   window kernels (conv, depthwise conv, pooling, fully connected) need an output disjoint from their input.
 *   A partial overlap is always refused with MOTE_ERROR_OVERLAP.
 *
 * Optimized variants (Cortex-M DSP, AVR) are sibling files with the same function names, signatures and
 * results; a firmware build compiles one file per kernel (see docs/codegen.md).
 */
#ifndef MOTE_RUNTIME_H
#define MOTE_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#define MOTE_RUNTIME_VERSION 1

/* What a kernel returns. Nothing is written to the output unless the status is MOTE_OK. */
typedef enum {
  MOTE_OK = 0,
  /* A required pointer (params, input, weights, output) is NULL. */
  MOTE_ERROR_NULL_POINTER = 1,
  /* A size below 1, a stride or dilation below 1, a negative padding, or a pooling window outside the input. */
  MOTE_ERROR_BAD_SHAPE = 2,
  /* A zero point, shift, activation range or multiplier outside what the fixed-point arithmetic supports. */
  MOTE_ERROR_BAD_QUANTIZATION = 3,
  /* So many taps per output that the int32 accumulator could overflow (more than 65,793 int8 products). */
  MOTE_ERROR_OVERFLOW = 4,
  /* The output overlaps an input in a way this kernel does not support (see each kernel's aliasing note). */
  MOTE_ERROR_OVERLAP = 5,
  /* Coded weights whose header does not describe the tensor (mote_kernels_gen_s8.h, Huffman-coded weights). */
  MOTE_ERROR_BAD_WEIGHTS = 6
} mote_status_t;

/*
 * Weight memory. Every read of a weight, bias, per-channel multiplier or shift goes through these macros,
 * given a pointer of the element's type. By default they dereference it. Define MOTE_WEIGHTS_IN_PROGMEM on AVR
 * to read program memory (the generated arrays are then declared with MOTE_WEIGHT_STORAGE), or define the
 * macros yourself before including this header.
 */
#if defined(MOTE_WEIGHTS_IN_PROGMEM)
#include <avr/pgmspace.h>
#define MOTE_WEIGHT_STORAGE PROGMEM
#define MOTE_READ_WEIGHT_I8(p) ((int8_t)pgm_read_byte(p))
#define MOTE_READ_WEIGHT_I32(p) ((int32_t)pgm_read_dword(p))
#define MOTE_READ_WEIGHT_F32(p) (pgm_read_float(p))
#endif

#ifndef MOTE_WEIGHT_STORAGE
#define MOTE_WEIGHT_STORAGE
#endif
#ifndef MOTE_READ_WEIGHT_I8
#define MOTE_READ_WEIGHT_I8(p) (*(const int8_t *)(p))
#endif
#ifndef MOTE_READ_WEIGHT_I32
#define MOTE_READ_WEIGHT_I32(p) (*(const int32_t *)(p))
#endif
#ifndef MOTE_READ_WEIGHT_F32
#define MOTE_READ_WEIGHT_F32(p) (*(const float *)(p))
#endif

/*
 * The geometry of a 2-D window op (convolution, depthwise convolution, pooling) over NHWC tensors:
 * input [batches, input_h, input_w, input_c], output [batches, output_h, output_w, output_c], a
 * filter_h × filter_w window moved by stride and spread by dilation (1 for pooling). pad_top/pad_left are the
 * leading padding, TFLite's ComputePaddingWithOffset (half of the total, rounded down); taps in the padding
 * contribute nothing. Output position (y, x) reads input rows y·stride_h − pad_top + dilation_h·fy.
 * Indices are computed in int32_t: every tensor must have fewer than 2^31 elements.
 */
typedef struct {
  int32_t batches;
  int32_t input_h;
  int32_t input_w;
  int32_t input_c;
  int32_t output_h;
  int32_t output_w;
  int32_t output_c;
  int32_t filter_h;
  int32_t filter_w;
  int32_t stride_h;
  int32_t stride_w;
  int32_t dilation_h;
  int32_t dilation_w;
  int32_t pad_top;
  int32_t pad_left;
} mote_window_t;

/* RESHAPE: the same bytes under a new shape. A no-op when output == input, else a memmove of `bytes`. */
mote_status_t mote_reshape(const void *input, void *output, size_t bytes);

#include "mote_kernels_f32.h"
#include "mote_kernels_s8.h"

#endif
