/*
 * 2-D max and average pooling and their gradients (NHWC), matching tfjs-cpu's semantics:
 * - max: strict '>' scan from -Infinity in (row, column) order, so the first maximum wins and NaN never does;
 *   the gradient goes to that first maximum only (a window of all -Infinity or NaN passes no gradient).
 * - avg forward divides by the number of taps inside the input; avg gradient multiplies by 1/(fH·fW) whatever
 *   the padding (tfjs-cpu's AvgPoolGrad does so; with 'valid' padding the two agree).
 * Pooling has no dilation in TensorFlow.js, so dilH/dilW are ignored.
 */
#include "geometry.h"
#include "kernels.h"

/* Window bounds of output (oy, ox) clipped to the input: rows [*y0, *y1), cols [*x0, *x1). */
static void window(const Geometry *g, int oy, int ox, int *y0, int *y1, int *x0, int *x1) {
  int cy = oy * g->strideH - g->padT, cx = ox * g->strideW - g->padL;
  *y0 = cy < 0 ? 0 : cy;
  *y1 = cy + g->fH < g->inH ? cy + g->fH : g->inH;
  *x0 = cx < 0 ? 0 : cx;
  *x1 = cx + g->fW < g->inW ? cx + g->fW : g->inW;
}

/* For channels [c0, c0+4) of output (b, oy, ox): running max and the input offset where it was found. */
static void argmax4(const Geometry *g, const float *x, int b, int oy, int ox, int c0, v128_t *best, v128_t *where) {
  int y0, y1, x0, x1;
  window(g, oy, ox, &y0, &y1, &x0, &x1);
  *best = wasm_f32x4_splat(-__builtin_inff());
  *where = wasm_i32x4_splat(-1);
  for (int iy = y0; iy < y1; iy++)
    for (int ix = x0; ix < x1; ix++) {
      int off = ((b * g->inH + iy) * g->inW + ix) * g->inC + c0;
      v128_t v = wasm_v128_load(x + off), gt = wasm_f32x4_gt(v, *best);
      *best = wasm_v128_bitselect(v, *best, gt);
      *where = wasm_v128_bitselect(wasm_i32x4_make(off, off + 1, off + 2, off + 3), *where, gt);
    }
}

/* Scalar version of argmax4 for one channel (the tail when inC is not a multiple of 4). */
static int argmax1(const Geometry *g, const float *x, int b, int oy, int ox, int c, float *best) {
  int y0, y1, x0, x1, where = -1;
  window(g, oy, ox, &y0, &y1, &x0, &x1);
  *best = -__builtin_inff();
  for (int iy = y0; iy < y1; iy++)
    for (int ix = x0; ix < x1; ix++) {
      int off = ((b * g->inH + iy) * g->inW + ix) * g->inC + c;
      if (x[off] > *best) *best = x[off], where = off;
    }
  return where;
}

EXPORT(max_pool_forward)
void max_pool_forward(const Geometry *g, const float *x, float *y) {
  float *out = y;
  for (int b = 0; b < g->batch; b++)
    for (int oy = 0; oy < g->outH; oy++)
      for (int ox = 0; ox < g->outW; ox++, out += g->inC) {
        int c = 0;
        for (; c + 4 <= g->inC; c += 4) {
          v128_t best, where;
          argmax4(g, x, b, oy, ox, c, &best, &where);
          wasm_v128_store(out + c, best);
        }
        for (; c < g->inC; c++) argmax1(g, x, b, oy, ox, c, out + c);
      }
}

EXPORT(max_pool_backprop)
void max_pool_backprop(const Geometry *g, const float *x, const float *dy, float *dx) {
  const float *grad = dy;
  mote_fill(dx, g->batch * g->inH * g->inW * g->inC, 0.0f);
  for (int b = 0; b < g->batch; b++)
    for (int oy = 0; oy < g->outH; oy++)
      for (int ox = 0; ox < g->outW; ox++, grad += g->inC) {
        int c = 0;
        float best;
        for (; c + 4 <= g->inC; c += 4) {
          v128_t bestv, where;
          argmax4(g, x, b, oy, ox, c, &bestv, &where);
          int w[4] = {wasm_i32x4_extract_lane(where, 0), wasm_i32x4_extract_lane(where, 1),
                      wasm_i32x4_extract_lane(where, 2), wasm_i32x4_extract_lane(where, 3)};
          for (int l = 0; l < 4; l++)
            if (w[l] >= 0) dx[w[l]] += grad[c + l];
        }
        for (; c < g->inC; c++) {
          int w = argmax1(g, x, b, oy, ox, c, &best);
          if (w >= 0) dx[w] += grad[c];
        }
      }
}

EXPORT(avg_pool_forward)
void avg_pool_forward(const Geometry *g, const float *x, float *y) {
  float *out = y;
  for (int b = 0; b < g->batch; b++)
    for (int oy = 0; oy < g->outH; oy++)
      for (int ox = 0; ox < g->outW; ox++, out += g->inC) {
        int y0, y1, x0, x1;
        window(g, oy, ox, &y0, &y1, &x0, &x1);
        mote_fill(out, g->inC, 0.0f);
        for (int iy = y0; iy < y1; iy++)
          for (int ix = x0; ix < x1; ix++) mote_add_into(out, x + ((b * g->inH + iy) * g->inW + ix) * g->inC, g->inC);
        float inv = 1.0f / (float)((y1 - y0) * (x1 - x0));
        for (int c = 0; c < g->inC; c++) out[c] *= inv;
      }
}

EXPORT(avg_pool_backprop)
void avg_pool_backprop(const Geometry *g, const float *dy, float *dx) {
  const float *grad = dy;
  int n = g->batch * g->inH * g->inW * g->inC;
  mote_fill(dx, n, 0.0f);
  for (int b = 0; b < g->batch; b++)
    for (int oy = 0; oy < g->outH; oy++)
      for (int ox = 0; ox < g->outW; ox++, grad += g->inC) {
        int y0, y1, x0, x1;
        window(g, oy, ox, &y0, &y1, &x0, &x1);
        for (int iy = y0; iy < y1; iy++)
          for (int ix = x0; ix < x1; ix++) mote_add_into(dx + ((b * g->inH + iy) * g->inW + ix) * g->inC, grad, g->inC);
      }
  float scale = 1.0f / (float)(g->fH * g->fW);
  for (int i = 0; i < n; i++) dx[i] *= scale;
}
