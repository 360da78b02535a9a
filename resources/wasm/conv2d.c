/*
 * Conv2D forward and both gradients as im2col + GEMM (NHWC, filter [fH, fW, inC, outC]).
 *
 * The im2col matrix has one row per output pixel p = (b, oy, ox) and K = fH·fW·inC columns ordered
 * (ky, kx, ci), which is exactly the row-major layout of the filter seen as a K×outC matrix, so:
 *   forward          y[P, outC]   = col[P, K] · W[K, outC]
 *   backprop input   dx           = col2im(dy[P, outC] · W[K, outC]ᵀ)
 *   backprop filter  dW[K, outC]  = col[P, K]ᵀ · dy[P, outC]
 * Rows are processed in chunks of g->chunkRows so that the im2col scratch stays cache-sized and bounded.
 * A 1×1 convolution with stride 1 and no padding needs no im2col: x itself is the [P, inC] matrix.
 */
#include "geometry.h"
#include "kernels.h"

static int is_pointwise(const Geometry *g) {
  return g->fH == 1 && g->fW == 1 && g->strideH == 1 && g->strideW == 1 && g->padT == 0 && g->padL == 0 &&
         g->outH == g->inH && g->outW == g->inW;
}

/* Writes im2col rows [p0, p0 + rows) into col (rows × K); taps that fall in the padding are zero. */
static void im2col(const Geometry *g, const float *x, int p0, int rows, float *col) {
  int K = g->fH * g->fW * g->inC, plane = g->outH * g->outW;
  for (int r = 0; r < rows; r++) {
    int p = p0 + r, b = p / plane, rem = p % plane, oy = rem / g->outW, ox = rem % g->outW;
    float *dst = col + (size_t)r * K;
    for (int ky = 0; ky < g->fH; ky++) {
      int iy = oy * g->strideH - g->padT + ky * g->dilH;
      for (int kx = 0; kx < g->fW; kx++, dst += g->inC) {
        int ix = ox * g->strideW - g->padL + kx * g->dilW;
        if (iy < 0 || iy >= g->inH || ix < 0 || ix >= g->inW) {
          mote_fill(dst, g->inC, 0.0f);
          continue;
        }
        const float *src = x + (((size_t)b * g->inH + iy) * g->inW + ix) * g->inC;
        for (int c = 0; c < g->inC; c++) dst[c] = src[c];
      }
    }
  }
}

/* Adds im2col rows [p0, p0 + rows) of dcol back onto the input positions they were read from. */
static void col2im(const Geometry *g, const float *dcol, int p0, int rows, float *dx) {
  int K = g->fH * g->fW * g->inC, plane = g->outH * g->outW;
  for (int r = 0; r < rows; r++) {
    int p = p0 + r, b = p / plane, rem = p % plane, oy = rem / g->outW, ox = rem % g->outW;
    const float *src = dcol + (size_t)r * K;
    for (int ky = 0; ky < g->fH; ky++) {
      int iy = oy * g->strideH - g->padT + ky * g->dilH;
      for (int kx = 0; kx < g->fW; kx++, src += g->inC) {
        int ix = ox * g->strideW - g->padL + kx * g->dilW;
        if (iy < 0 || iy >= g->inH || ix < 0 || ix >= g->inW) continue;
        mote_add_into(dx + (((size_t)b * g->inH + iy) * g->inW + ix) * g->inC, src, g->inC);
      }
    }
  }
}

/* y = act(conv(x, w) + bias); bias may be null. scratch holds chunkRows·K floats. */
EXPORT(conv2d_forward)
void conv2d_forward(const Geometry *g, const float *x, const float *w, const float *bias, int act, double alpha,
                    float *y, float *scratch) {
  int K = g->fH * g->fW * g->inC, P = g->batch * g->outH * g->outW;
  for (int p0 = 0; p0 < P; p0 += g->chunkRows) {
    int rows = P - p0 < g->chunkRows ? P - p0 : g->chunkRows;
    float *out = y + (size_t)p0 * g->outC;
    if (is_pointwise(g)) {
      mote_gemm(rows, g->outC, K, x + (size_t)p0 * K, K, 0, w, g->outC, 0, out, g->outC, 0);
    } else {
      im2col(g, x, p0, rows, scratch);
      mote_gemm(rows, g->outC, K, scratch, K, 0, w, g->outC, 0, out, g->outC, 0);
    }
    mote_bias_act(out, rows, g->outC, bias, act, alpha);
  }
}

/* dx [batch, inH, inW, inC] from dy and w. scratch holds chunkRows·K floats. */
EXPORT(conv2d_backprop_input)
void conv2d_backprop_input(const Geometry *g, const float *dy, const float *w, float *dx, float *scratch) {
  int K = g->fH * g->fW * g->inC, P = g->batch * g->outH * g->outW;
  if (is_pointwise(g)) {
    mote_gemm(P, K, g->outC, dy, g->outC, 0, w, g->outC, 1, dx, K, 0);
    return;
  }
  mote_fill(dx, g->batch * g->inH * g->inW * g->inC, 0.0f);
  for (int p0 = 0; p0 < P; p0 += g->chunkRows) {
    int rows = P - p0 < g->chunkRows ? P - p0 : g->chunkRows;
    mote_gemm(rows, K, g->outC, dy + (size_t)p0 * g->outC, g->outC, 0, w, g->outC, 1, scratch, K, 0);
    col2im(g, scratch, p0, rows, dx);
  }
}

/* dw [fH, fW, inC, outC] from x and dy. scratch holds chunkRows·K floats. */
EXPORT(conv2d_backprop_filter)
void conv2d_backprop_filter(const Geometry *g, const float *x, const float *dy, float *dw, float *scratch) {
  int K = g->fH * g->fW * g->inC, P = g->batch * g->outH * g->outW;
  if (is_pointwise(g)) {
    mote_gemm(K, g->outC, P, x, K, 1, dy, g->outC, 0, dw, g->outC, 0);
    return;
  }
  for (int p0 = 0; p0 < P; p0 += g->chunkRows) {
    int rows = P - p0 < g->chunkRows ? P - p0 : g->chunkRows;
    im2col(g, x, p0, rows, scratch);
    mote_gemm(K, g->outC, rows, scratch, K, 1, dy + (size_t)p0 * g->outC, g->outC, 0, dw, g->outC, p0 > 0);
  }
}
