/*
 * Depthwise Conv2D forward and both gradients (NHWC, filter [fH, fW, inC, cm], output channel ci·cm + q).
 *
 * Direct loops: for every output pixel and every filter tap that lands inside the input, one channel-vector
 * multiply-add. Channels are innermost and contiguous in NHWC, so the cm == 1 case (every depthwise layer in
 * DS-CNN and MobileNet) is a SIMD axpy over channels. Gradients scatter in output-pixel order, which is fixed,
 * so results are deterministic.
 */
#include "geometry.h"
#include "kernels.h"

/* acc[c] += a[c] * b[c] for n floats. */
static void mul_add(float *acc, const float *a, const float *b, int n) {
  int c = 0;
  for (; c + 4 <= n; c += 4)
    wasm_v128_store(acc + c, wasm_f32x4_add(wasm_v128_load(acc + c),
                                            wasm_f32x4_mul(wasm_v128_load(a + c), wasm_v128_load(b + c))));
  for (; c < n; c++) acc[c] += a[c] * b[c];
}

/* Input pixel offset (in floats) of tap (ky, kx) for output pixel (b, oy, ox), or -1 inside the padding. */
static long tap_offset(const Geometry *g, int b, int oy, int ox, int ky, int kx) {
  int iy = oy * g->strideH - g->padT + ky * g->dilH, ix = ox * g->strideW - g->padL + kx * g->dilW;
  if (iy < 0 || iy >= g->inH || ix < 0 || ix >= g->inW) return -1;
  return (((long)b * g->inH + iy) * g->inW + ix) * g->inC;
}

EXPORT(depthwise_forward)
void depthwise_forward(const Geometry *g, const float *x, const float *w, const float *bias, int act, double alpha,
                       float *y) {
  int cm = g->outC / g->inC;
  float *out = y;
  for (int b = 0; b < g->batch; b++)
    for (int oy = 0; oy < g->outH; oy++)
      for (int ox = 0; ox < g->outW; ox++, out += g->outC) {
        mote_fill(out, g->outC, 0.0f);
        for (int ky = 0; ky < g->fH; ky++)
          for (int kx = 0; kx < g->fW; kx++) {
            long off = tap_offset(g, b, oy, ox, ky, kx);
            if (off < 0) continue;
            const float *xin = x + off, *wk = w + (size_t)(ky * g->fW + kx) * g->outC;
            if (cm == 1) {
              mul_add(out, xin, wk, g->inC);
              continue;
            }
            for (int c = 0; c < g->inC; c++)
              for (int q = 0; q < cm; q++) out[c * cm + q] += xin[c] * wk[c * cm + q];
          }
      }
  mote_bias_act(y, g->batch * g->outH * g->outW, g->outC, bias, act, alpha);
}

EXPORT(depthwise_backprop_input)
void depthwise_backprop_input(const Geometry *g, const float *dy, const float *w, float *dx) {
  int cm = g->outC / g->inC;
  const float *grad = dy;
  mote_fill(dx, g->batch * g->inH * g->inW * g->inC, 0.0f);
  for (int b = 0; b < g->batch; b++)
    for (int oy = 0; oy < g->outH; oy++)
      for (int ox = 0; ox < g->outW; ox++, grad += g->outC)
        for (int ky = 0; ky < g->fH; ky++)
          for (int kx = 0; kx < g->fW; kx++) {
            long off = tap_offset(g, b, oy, ox, ky, kx);
            if (off < 0) continue;
            float *din = dx + off;
            const float *wk = w + (size_t)(ky * g->fW + kx) * g->outC;
            if (cm == 1) {
              mul_add(din, grad, wk, g->inC);
              continue;
            }
            for (int c = 0; c < g->inC; c++)
              for (int q = 0; q < cm; q++) din[c] += grad[c * cm + q] * wk[c * cm + q];
          }
}

EXPORT(depthwise_backprop_filter)
void depthwise_backprop_filter(const Geometry *g, const float *x, const float *dy, float *dw) {
  int cm = g->outC / g->inC;
  const float *grad = dy;
  mote_fill(dw, g->fH * g->fW * g->outC, 0.0f);
  for (int b = 0; b < g->batch; b++)
    for (int oy = 0; oy < g->outH; oy++)
      for (int ox = 0; ox < g->outW; ox++, grad += g->outC)
        for (int ky = 0; ky < g->fH; ky++)
          for (int kx = 0; kx < g->fW; kx++) {
            long off = tap_offset(g, b, oy, ox, ky, kx);
            if (off < 0) continue;
            const float *xin = x + off;
            float *dwk = dw + (size_t)(ky * g->fW + kx) * g->outC;
            if (cm == 1) {
              mul_add(dwk, xin, grad, g->inC);
              continue;
            }
            for (int c = 0; c < g->inC; c++)
              for (int q = 0; q < cm; q++) dwk[c * cm + q] += xin[c] * grad[c * cm + q];
          }
}
