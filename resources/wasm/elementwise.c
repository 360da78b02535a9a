/*
 * Broadcasting binary operations and sum reductions over strided views.
 *
 * The TypeScript side collapses shapes first (merging adjacent dimensions that are contiguous or broadcast in
 * every operand) so that rank is small (at most MAX_RANK) and the innermost dimension is long. Strides are in
 * elements; a stride of 0 is a broadcast dimension.
 *
 * Results match tfjs-cpu: + - * / of two float32 values computed in float32 round exactly as tfjs-cpu's
 * double arithmetic stored to a Float32Array (double has more than 2·24+2 bits), and sums accumulate in
 * double in the same element order as tfjs-cpu's Sum kernel, so they are bit-identical too.
 */
#include "kernels.h"

#define MAX_RANK 8

enum { OP_ADD = 0, OP_SUB = 1, OP_MUL = 2, OP_DIV = 3, OP_SQUARED_DIFF = 4, OP_COPY = 5 };
enum { CMP_LESS = 0, CMP_LESS_EQUAL = 1, CMP_GREATER = 2, CMP_GREATER_EQUAL = 3, CMP_EQUAL = 4, CMP_NOT_EQUAL = 5,
       LOGICAL_AND = 6, LOGICAL_OR = 7 };

/* One innermost row: out[i] = a[i·sa] op b[i·sb] with sa, sb ∈ {0, 1}. */
#define ROW(VEXPR, SEXPR)                                                                                        \
  do {                                                                                                            \
    int i = 0;                                                                                                    \
    if (sa && sb) {                                                                                               \
      for (; i + 4 <= n; i += 4) {                                                                                \
        v128_t va = wasm_v128_load(a + i), vb = wasm_v128_load(b + i);                                            \
        wasm_v128_store(out + i, VEXPR);                                                                          \
      }                                                                                                           \
    } else if (sa) {                                                                                              \
      v128_t vb = wasm_f32x4_splat(b[0]);                                                                         \
      for (; i + 4 <= n; i += 4) {                                                                                \
        v128_t va = wasm_v128_load(a + i);                                                                        \
        wasm_v128_store(out + i, VEXPR);                                                                          \
      }                                                                                                           \
    } else if (sb) {                                                                                              \
      v128_t va = wasm_f32x4_splat(a[0]);                                                                         \
      for (; i + 4 <= n; i += 4) {                                                                                \
        v128_t vb = wasm_v128_load(b + i);                                                                        \
        wasm_v128_store(out + i, VEXPR);                                                                          \
      }                                                                                                           \
    }                                                                                                             \
    for (; i < n; i++) {                                                                                          \
      float x = a[i * sa], y = b[i * sb];                                                                         \
      out[i] = SEXPR;                                                                                             \
    }                                                                                                             \
  } while (0)

static void float_row(int op, int n, const void *pa, int sa, const void *pb, int sb, void *pout) {
  const float *a = pa, *b = pb;
  float *out = pout;
  if (op == OP_COPY) {
    for (int i = 0; i < n; i++) out[i] = a[i * sa];
    return;
  }
  switch (op) {
  case OP_ADD: ROW(wasm_f32x4_add(va, vb), x + y); break;
  case OP_SUB: ROW(wasm_f32x4_sub(va, vb), x - y); break;
  case OP_MUL: ROW(wasm_f32x4_mul(va, vb), x * y); break;
  case OP_DIV: ROW(wasm_f32x4_div(va, vb), x / y); break;
  case OP_SQUARED_DIFF: ROW(wasm_f32x4_mul(wasm_f32x4_sub(va, vb), wasm_f32x4_sub(va, vb)), (x - y) * (x - y)); break;
  }
}

/* Comparisons of floats and logical and/or of bools (bytes 0/1); IEEE: any comparison with NaN is false. */
static void byte_row(int op, int n, const void *pa, int sa, const void *pb, int sb, void *pout) {
  const float *a = pa, *b = pb;
  const unsigned char *p = pa, *q = pb;
  unsigned char *out = pout;
  for (int i = 0; i < n; i++) {
    float x = a[i * sa], y = b[i * sb];
    switch (op) {
    case CMP_LESS: out[i] = x < y; break;
    case CMP_LESS_EQUAL: out[i] = x <= y; break;
    case CMP_GREATER: out[i] = x > y; break;
    case CMP_GREATER_EQUAL: out[i] = x >= y; break;
    case CMP_EQUAL: out[i] = x == y; break;
    case CMP_NOT_EQUAL: out[i] = x != y; break;
    case LOGICAL_AND: out[i] = p[i * sa] && q[i * sb]; break;
    case LOGICAL_OR: out[i] = p[i * sa] || q[i * sb]; break;
    }
  }
}

typedef void (*RowFn)(int op, int n, const void *a, int sa, const void *b, int sb, void *out);

/*
 * Walks a contiguous output of shape[0..rank) row by row, reading a and b through their element strides.
 * aBytes/bBytes/outBytes are the element sizes.
 */
static void strided(RowFn rowFn, int op, int rank, const int *shape, const int *as, const int *bs, const char *a,
                    int aBytes, const char *b, int bBytes, char *out, int outBytes) {
  int n = shape[rank - 1], idx[MAX_RANK] = {0};
  long outer = 1, ao = 0, bo = 0;
  for (int d = 0; d < rank - 1; d++) outer *= shape[d];
  for (long o = 0; o < outer; o++, out += (long)n * outBytes) {
    rowFn(op, n, a + ao * aBytes, as[rank - 1], b + bo * bBytes, bs[rank - 1], out);
    for (int d = rank - 2; d >= 0; d--) {
      ao += as[d], bo += bs[d];
      if (++idx[d] < shape[d]) break;
      ao -= (long)as[d] * shape[d], bo -= (long)bs[d] * shape[d], idx[d] = 0;
    }
  }
}

/* out (float32, contiguous) = a op b; OP_COPY copies a (Tile and BroadcastTo), ignoring b. */
EXPORT(binary_op)
void binary_op(int op, int rank, const int *shape, const int *as, const int *bs, const float *a, const float *b,
               float *out) {
  strided(float_row, op, rank, shape, as, bs, (const char *)a, 4, (const char *)b, 4, (char *)out, 4);
}

/* out (bool bytes) = a cmp b for float32 a, b; or a and/or b for bool a, b (LOGICAL_*). */
EXPORT(byte_op)
void byte_op(int op, int rank, const int *shape, const int *as, const int *bs, const void *a, const void *b,
             unsigned char *out) {
  int bytes = op >= LOGICAL_AND ? 1 : 4;
  strided(byte_row, op, rank, shape, as, bs, a, bytes, b, bytes, (char *)out, 1);
}

/* out[i] = cond[i] == 1 ? t[i] : e[i], all the same shape (tfjs Select with an element-wise condition). */
EXPORT(select_op)
void select_op(int n, const unsigned char *cond, const float *t, const float *e, float *out) {
  for (int i = 0; i < n; i++) out[i] = cond[i] == 1 ? t[i] : e[i];
}

/* out = clip(x, lo, hi) compared in double like tfjs-cpu's ClipByValue (bounds are JavaScript numbers). */
EXPORT(clip_op)
void clip_op(int n, const float *x, float *out, double lo, double hi) {
  for (int i = 0; i < n; i++) {
    double v = x[i];
    out[i] = (float)(v > hi ? hi : (v < lo ? lo : v));
  }
}

/*
 * FusedBatchNorm forward: out = offset + (x − mean)·scale / sqrt(variance + ε), in double exactly as tfjs-cpu.
 * Each parameter vector has length 1 or `channels` (the innermost dimension); scale/offset may be null.
 */
EXPORT(batch_norm)
void batch_norm(int n, int channels, const float *x, const float *mean, int meanLen, const float *variance,
                int varLen, const float *scale, int scaleLen, const float *offset, int offsetLen, double epsilon,
                float *out) {
  for (int i = 0, c = 0; i < n; i++, c = c + 1 == channels ? 0 : c + 1) {
    double m = mean[meanLen == 1 ? 0 : c], v = variance[varLen == 1 ? 0 : c];
    double s = scale ? scale[scaleLen == 1 ? 0 : c] : 1.0, o = offset ? offset[offsetLen == 1 ? 0 : c] : 0.0;
    out[i] = (float)(o + ((double)x[i] - m) * s / __builtin_sqrt(v + epsilon));
  }
}

/*
 * out[j] = Σ x[i] / divisor (divisor 0: no division) over every i that maps to j through outStrides
 * (stride 0 on the reduced dimensions), in increasing i. acc holds outSize doubles of scratch.
 */
EXPORT(reduce_sum)
void reduce_sum(int rank, const int *shape, const int *os, const float *x, float *out, int outSize, double *acc,
                float divisor) {
  int n = shape[rank - 1], so = os[rank - 1], idx[MAX_RANK] = {0};
  long outer = 1, oo = 0;
  for (int j = 0; j < outSize; j++) acc[j] = 0.0;
  for (int d = 0; d < rank - 1; d++) outer *= shape[d];
  for (long o = 0; o < outer; o++, x += n) {
    if (so == 0) {
      double s = acc[oo];
      if (divisor != 0.0f) for (int i = 0; i < n; i++) s += (double)(x[i] / divisor);
      else for (int i = 0; i < n; i++) s += (double)x[i];
      acc[oo] = s;
    } else {
      double *dst = acc + oo;
      if (divisor != 0.0f) for (int i = 0; i < n; i++) dst[i] += (double)(x[i] / divisor);
      else for (int i = 0; i < n; i++) dst[i] += (double)x[i];
    }
    for (int d = rank - 2; d >= 0; d--) {
      oo += os[d];
      if (++idx[d] < shape[d]) break;
      oo -= (long)os[d] * shape[d], idx[d] = 0;
    }
  }
  for (int j = 0; j < outSize; j++) out[j] = (float)acc[j];
}
