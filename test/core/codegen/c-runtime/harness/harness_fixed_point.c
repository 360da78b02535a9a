/*
 * A test-only entry of the harness: the runtime's fixed-point primitives on arrays of arguments, so that
 * they can be compared with src/core/compress/quantize/fixed-point*.ts on the int32 extremes directly.
 * Parameter 0 selects the primitive; buffers 0–2 hold int32 arguments a, b, c; the output is one int32 per
 * element (two for get_reciprocal: the scale, then num_bits_over_unit).
 */
#include "../../../../../resources/firmware/runtime/kernels/int8/fixed_point.h"
#include "harness.h"

enum { SRDHM, RDBPOT, MBQM, EXP_ON_NEGATIVE, RECIPROCAL, HALF_SUM, SRMBPOT };

int harness_fixed_point(harness_case_t *c) {
  const int32_t primitive = harness_int(c);
  const int32_t *a = harness_buffer(c, 0), *b = harness_buffer(c, 1), *k = harness_buffer(c, 2);
  int32_t *out = c->output;
  const uint32_t count = c->buffer_bytes[0] / 4u;
  for (uint32_t i = 0; i < count; i++) {
    switch (primitive) {
      case SRDHM: out[i] = mote_saturating_rounding_doubling_high_mul(a[i], b[i]); break;
      case RDBPOT: out[i] = mote_rounding_divide_by_pot(a[i], (int)b[i]); break;
      case MBQM: out[i] = mote_multiply_by_quantized_multiplier(a[i], b[i], (int)k[i]); break;
      case EXP_ON_NEGATIVE: out[i] = mote_exp_on_negative_values(a[i], (int)b[i]); break;
      case RECIPROCAL: {
        int bits;
        out[2 * i] = mote_get_reciprocal(a[i], (int)b[i], &bits);
        out[2 * i + 1] = bits;
        break;
      }
      case HALF_SUM: out[i] = mote_rounding_half_sum(a[i], b[i]); break;
      case SRMBPOT: out[i] = mote_saturating_rounding_multiply_by_pot(a[i], (int)b[i]); break;
      default: return HARNESS_MALFORMED_CASE;
    }
  }
  return MOTE_OK;
}
