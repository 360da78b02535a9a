/*
 * Single-precision GEMM: C = op(A)·op(B) (+ C when accumulate != 0), op = optional transpose.
 *
 * Algorithm (GotoBLAS / BLIS structure): for each KC-deep slice of the shared dimension, pack a KC×N slice of
 * op(B) into NR-wide column panels, then for each MC-tall block of op(A) pack it into MR-tall row panels and run
 * a MR×NR register-blocked SIMD micro-kernel over every (row panel, column panel) pair. Packing pads with zeros
 * so the micro-kernel never branches; partial tiles go through a small stack tile. Packing also makes the four
 * transpose cases the same inner loop. The order of additions is fixed (k ascending inside each KC slice, slices
 * ascending), so results are deterministic, though not bit-identical to a naive dot product.
 *
 * Scratch: static buffers of MC·KC + KC·NC floats (about 1.1 MB) in the module's data segment.
 */
#include "kernels.h"

#define MR 4
#define NR 8
#define KC 256
#define MC 128
#define NC 1024

static float packA[MC * KC] __attribute__((aligned(16)));
static float packB[KC * NC] __attribute__((aligned(16)));

static inline float at(const float *X, int ld, int trans, int row, int col) {
  return trans ? X[(size_t)col * ld + row] : X[(size_t)row * ld + col];
}

/* Packs rows [m0, m0+mc) × cols [k0, k0+kc) of op(A) into panels of MR rows: panel[k][r]. */
static void pack_a(const float *A, int lda, int transA, int m0, int mc, int k0, int kc) {
  float *dst = packA;
  for (int i = 0; i < mc; i += MR) {
    int rows = mc - i < MR ? mc - i : MR;
    for (int k = 0; k < kc; k++) {
      int r = 0;
      for (; r < rows; r++) dst[r] = at(A, lda, transA, m0 + i + r, k0 + k);
      for (; r < MR; r++) dst[r] = 0.0f;
      dst += MR;
    }
  }
}

/* Packs rows [k0, k0+kc) × cols [n0, n0+nc) of op(B) into panels of NR columns: panel[k][c]. */
static void pack_b(const float *B, int ldb, int transB, int k0, int kc, int n0, int nc) {
  float *dst = packB;
  for (int j = 0; j < nc; j += NR) {
    int cols = nc - j < NR ? nc - j : NR;
    if (!transB && cols == NR) {
      for (int k = 0; k < kc; k++) {
        const float *src = B + (size_t)(k0 + k) * ldb + n0 + j;
        wasm_v128_store(dst, wasm_v128_load(src));
        wasm_v128_store(dst + 4, wasm_v128_load(src + 4));
        dst += NR;
      }
      continue;
    }
    for (int k = 0; k < kc; k++) {
      int c = 0;
      for (; c < cols; c++) dst[c] = at(B, ldb, transB, k0 + k, n0 + j + c);
      for (; c < NR; c++) dst[c] = 0.0f;
      dst += NR;
    }
  }
}

/* MR×NR tile: c (row stride ldc) = (accumulate ? c : 0) + a_panel · b_panel over kc. */
static void micro_kernel(int kc, const float *a, const float *b, float *c, int ldc, int accumulate) {
  v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00;
  v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int k = 0; k < kc; k++) {
    v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
    v128_t a0 = wasm_f32x4_splat(a[0]), a1 = wasm_f32x4_splat(a[1]);
    v128_t a2 = wasm_f32x4_splat(a[2]), a3 = wasm_f32x4_splat(a[3]);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, b0));
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, b1));
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, b0));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, b1));
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, b0));
    c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, b1));
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, b0));
    c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, b1));
    a += MR;
    b += NR;
  }
  if (accumulate) {
    c00 = wasm_f32x4_add(c00, wasm_v128_load(c));
    c01 = wasm_f32x4_add(c01, wasm_v128_load(c + 4));
    c10 = wasm_f32x4_add(c10, wasm_v128_load(c + ldc));
    c11 = wasm_f32x4_add(c11, wasm_v128_load(c + ldc + 4));
    c20 = wasm_f32x4_add(c20, wasm_v128_load(c + 2 * ldc));
    c21 = wasm_f32x4_add(c21, wasm_v128_load(c + 2 * ldc + 4));
    c30 = wasm_f32x4_add(c30, wasm_v128_load(c + 3 * ldc));
    c31 = wasm_f32x4_add(c31, wasm_v128_load(c + 3 * ldc + 4));
  }
  wasm_v128_store(c, c00);
  wasm_v128_store(c + 4, c01);
  wasm_v128_store(c + ldc, c10);
  wasm_v128_store(c + ldc + 4, c11);
  wasm_v128_store(c + 2 * ldc, c20);
  wasm_v128_store(c + 2 * ldc + 4, c21);
  wasm_v128_store(c + 3 * ldc, c30);
  wasm_v128_store(c + 3 * ldc + 4, c31);
}

/* Runs the micro-kernel on a tile that may be cut by the matrix edge (rows < MR or cols < NR). */
static void edge_tile(int kc, const float *a, const float *b, float *c, int ldc, int rows, int cols,
                      int accumulate) {
  float tile[MR * NR] __attribute__((aligned(16)));
  micro_kernel(kc, a, b, tile, NR, 0);
  for (int r = 0; r < rows; r++)
    for (int j = 0; j < cols; j++) c[(size_t)r * ldc + j] = (accumulate ? c[(size_t)r * ldc + j] : 0.0f) + tile[r * NR + j];
}

/* One MC×NC block of C from the packed A and B slices. */
static void block(int mc, int nc, int kc, float *C, int ldc, int accumulate) {
  for (int i = 0; i < mc; i += MR) {
    const float *a = packA + (size_t)i * kc;
    int rows = mc - i < MR ? mc - i : MR;
    for (int j = 0; j < nc; j += NR) {
      const float *b = packB + (size_t)j * kc;
      int cols = nc - j < NR ? nc - j : NR;
      float *c = C + (size_t)i * ldc + j;
      if (rows == MR && cols == NR) micro_kernel(kc, a, b, c, ldc, accumulate);
      else edge_tile(kc, a, b, c, ldc, rows, cols, accumulate);
    }
  }
}

void mote_gemm(int M, int N, int K, const float *A, int lda, int transA, const float *B, int ldb, int transB,
               float *C, int ldc, int accumulate) {
  if (K == 0) {
    if (!accumulate)
      for (int i = 0; i < M; i++) mote_fill(C + (size_t)i * ldc, N, 0.0f);
    return;
  }
  for (int n0 = 0; n0 < N; n0 += NC) {
    int nc = N - n0 < NC ? N - n0 : NC;
    for (int k0 = 0; k0 < K; k0 += KC) {
      int kc = K - k0 < KC ? K - k0 : KC;
      int acc = accumulate || k0 > 0;
      pack_b(B, ldb, transB, k0, kc, n0, nc);
      for (int m0 = 0; m0 < M; m0 += MC) {
        int mc = M - m0 < MC ? M - m0 : MC;
        pack_a(A, lda, transA, m0, mc, k0, kc);
        block(mc, nc, kc, C + (size_t)m0 * ldc + n0, ldc, acc);
      }
    }
  }
}

EXPORT(gemm)
void gemm(int M, int N, int K, const float *A, int lda, int transA, const float *B, int ldb, int transB, float *C,
          int ldc, int accumulate) {
  mote_gemm(M, N, K, A, lda, transA, B, ldb, transB, C, ldc, accumulate);
}

void mote_fill(float *dst, int n, float value) {
  for (int i = 0; i < n; i++) dst[i] = value;
}
