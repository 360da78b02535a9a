/* Small vector helpers shared by the kernels: fill, bias + activation epilogue. */
#include "kernels.h"

/* f32 max/min with WebAssembly semantics: NaN in, NaN out; max(-0, +0) = +0, like JavaScript's Math.max. */
static inline float fmax32(float a, float b) { return __builtin_wasm_max_f32(a, b); }
static inline float fmin32(float a, float b) { return __builtin_wasm_min_f32(a, b); }

/*
 * One activation on one value, with tfjs-cpu's exact semantics: Math.max/Math.min, and x < 0 ? αx : x with
 * α a JavaScript number (double), the product rounded once to float32.
 */
static inline float act1(float v, int act, double alpha) {
  if (act == ACT_RELU) return fmax32(v, 0.0f);
  if (act == ACT_RELU6) return fmin32(fmax32(v, 0.0f), 6.0f);
  if (act == ACT_LEAKY_RELU) return v < 0.0f ? (float)(alpha * v) : v;
  return v;
}

/* act1 on four lanes; leaky ReLU multiplies in double (f64x2) to round exactly like act1. */
static inline v128_t act4(v128_t v, int act, double alpha) {
  v128_t zero = wasm_f32x4_splat(0.0f);
  if (act == ACT_RELU) return wasm_f32x4_max(v, zero);
  if (act == ACT_RELU6) return wasm_f32x4_min(wasm_f32x4_max(v, zero), wasm_f32x4_splat(6.0f));
  if (act == ACT_LEAKY_RELU) {
    v128_t a = wasm_f64x2_splat(alpha);
    v128_t lo = wasm_f64x2_mul(wasm_f64x2_promote_low_f32x4(v), a);
    v128_t hi = wasm_f64x2_mul(wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1)), a);
    v128_t scaled = wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi), 0, 1, 4, 5);
    return wasm_v128_bitselect(scaled, v, wasm_f32x4_lt(v, zero));
  }
  return v;
}

/* y[r, c] = act(y[r, c] + bias[c]) for a rows×cols row-major block; bias may be null. */
void mote_bias_act(float *y, int rows, int cols, const float *bias, int act, double alpha) {
  if (!bias && act == ACT_LINEAR) return;
  for (int r = 0; r < rows; r++) {
    float *row = y + (size_t)r * cols;
    int c = 0;
    for (; c + 4 <= cols; c += 4) {
      v128_t v = wasm_v128_load(row + c);
      if (bias) v = wasm_f32x4_add(v, wasm_v128_load(bias + c));
      wasm_v128_store(row + c, act4(v, act, alpha));
    }
    for (; c < cols; c++) row[c] = act1(row[c] + (bias ? bias[c] : 0.0f), act, alpha);
  }
}

enum { UNARY_RELU = 1, UNARY_RELU6 = 2, UNARY_LEAKY_RELU = 3, UNARY_STEP = 4, UNARY_NEG = 5, UNARY_SQUARE = 6, UNARY_SQRT = 7 };

/*
 * out[i] = f(x[i]) for the tfjs kernels Relu, Relu6, LeakyRelu (codes shared with ACT_*), Step (x > 0 ? 1 : α,
 * NaN stays NaN), Neg, Square and Sqrt; each rounds exactly as tfjs-cpu's double arithmetic stored to float32.
 */
EXPORT(unary_op)
void unary_op(int op, int n, const float *x, float *out, double alpha) {
  v128_t va = wasm_f32x4_splat((float)alpha), one = wasm_f32x4_splat(1.0f), zero = wasm_f32x4_splat(0.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t v = wasm_v128_load(x + i), r;
    switch (op) {
    case UNARY_STEP: r = wasm_v128_bitselect(one, va, wasm_f32x4_gt(v, zero));
      r = wasm_v128_bitselect(r, v, wasm_f32x4_eq(v, v)); break;
    case UNARY_NEG: r = wasm_f32x4_neg(v); break;
    case UNARY_SQUARE: r = wasm_f32x4_mul(v, v); break;
    case UNARY_SQRT: r = wasm_f32x4_sqrt(v); break;
    default: r = act4(v, op, alpha);
    }
    wasm_v128_store(out + i, r);
  }
  for (; i < n; i++) {
    float v = x[i];
    switch (op) {
    case UNARY_STEP: out[i] = v != v ? v : (v > 0.0f ? 1.0f : (float)alpha); break;
    case UNARY_NEG: out[i] = -v; break;
    case UNARY_SQUARE: out[i] = v * v; break;
    case UNARY_SQRT: out[i] = __builtin_sqrtf(v); break;
    default: out[i] = act1(v, op, alpha);
    }
  }
}

/* dst[i] += src[i] for n floats. */
void mote_add_into(float *dst, const float *src, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, wasm_f32x4_add(wasm_v128_load(dst + i), wasm_v128_load(src + i)));
  for (; i < n; i++) dst[i] += src[i];
}

EXPORT(bias_act)
void bias_act(float *y, int rows, int cols, const float *bias, int act, double alpha) {
  mote_bias_act(y, rows, cols, bias, act, alpha);
}
