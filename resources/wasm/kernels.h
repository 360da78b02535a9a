/*
 * Mote Studio training kernels for TensorFlow.js, compiled to wasm32 + SIMD128.
 *
 * Conventions shared by every file:
 * - Tensors are dense row-major float32, NHWC for images. Pointers are byte offsets into the module's own
 *   linear memory; the TypeScript side (src/core/train/kernels/) copies tensors in and out.
 * - Nothing here allocates: every scratch buffer is passed in by the caller with its size in floats.
 * - Every loop runs in a fixed order, so results are bit-for-bit reproducible from run to run.
 * - Built with -nostdlib (no libc, no libm): only + - * / min max sqrt are available.
 */
#ifndef MOTE_KERNELS_H
#define MOTE_KERNELS_H

#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

typedef unsigned long size_t;

/* Activations that the fused kernels apply in place after the bias (codes shared with act.ts). */
enum { ACT_LINEAR = 0, ACT_RELU = 1, ACT_RELU6 = 2, ACT_LEAKY_RELU = 3 };

void mote_gemm(int M, int N, int K, const float *A, int lda, int transA, const float *B, int ldb, int transB,
               float *C, int ldc, int accumulate);
void mote_bias_act(float *y, int rows, int cols, const float *bias, int act, double alpha);
void mote_fill(float *dst, int n, float value);
void mote_add_into(float *dst, const float *src, int n);

#endif
