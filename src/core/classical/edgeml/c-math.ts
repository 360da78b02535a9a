import { cFloat } from '../../codegen/c/dsp-c-text'
import { cArray, cRead } from '../c-emit'
import { EXP2_TABLE_Q15, LOG2E_Q12, TANH_TABLE_Q15 } from './fixed-math'
import { EXP2_POLY_F32, LOG2E_F32 } from './float-math'

/**
 * The C of the EdgeML evaluators' arithmetic, one function per TypeScript primitive (fixed-math.ts,
 * float-math.ts), emitted as `static` functions under the model's prefix so that a generated pair stays
 * self-contained. Each piece returns its text and the flash bytes of its tables.
 */
export interface CPiece {
  readonly text: string
  readonly flashBytes: number
}

/** rshr and sat16 (fixed-math.ts). */
export function cFixedBasics(p: string): CPiece {
  const text = [
    `static int32_t ${p}_rshr(int32_t x, uint8_t s) {`,
    '  return s == 0 ? x : (x + ((int32_t)1 << (s - 1))) >> s;',
    '}',
    `static int32_t ${p}_sat16(int32_t x) {`,
    '  return x > 32767 ? 32767 : x < -32767 ? -32767 : x;',
    '}',
    '',
  ].join('\n')
  return { text, flashBytes: 0 }
}

/** e^(−t/4096) in Q15 (expNegQ15). */
export function cExpNegQ15(p: string): CPiece {
  const table = `${p}_exp2`
  const text = [
    cArray(table, 'uint16_t', EXP2_TABLE_Q15),
    `static int32_t ${p}_expneg_q15(int32_t t) {`,
    '  int32_t u, a, v;',
    '  uint16_t frac;',
    '  uint8_t n, i;',
    '  if (t >= 65536L) return 0;',
    `  u = (t * ${LOG2E_Q12}L) >> 12;`,
    '  n = (uint8_t)(u >> 12);',
    '  if (n >= 16) return 0;',
    '  frac = (uint16_t)(u & 4095);',
    '  i = (uint8_t)(frac >> 8);',
    `  a = (int32_t)${cRead('uint16_t', table, 'i')};`,
    `  v = a - (((a - (int32_t)${cRead('uint16_t', table, 'i + 1')}) * (int32_t)(frac & 255) + 128) >> 8);`,
    `  return ${p}_rshr(v, n);`,
    '}',
    '',
  ].join('\n')
  return { text, flashBytes: 2 * EXP2_TABLE_Q15.length }
}

/** tanh(v/4096) in Q15 (tanhQ15). */
export function cTanhQ15(p: string): CPiece {
  const table = `${p}_tanh`
  const text = [
    cArray(table, 'int16_t', TANH_TABLE_Q15),
    `static int32_t ${p}_tanh_q15(int32_t v) {`,
    '  int32_t a = v < 0 ? -v : v, lo, r;',
    '  uint16_t i;',
    `  if (a >= 16384L) r = ${cRead('int16_t', table, '32')};`,
    '  else {',
    '    i = (uint16_t)(a >> 9);',
    `    lo = ${cRead('int16_t', table, 'i')};`,
    `    r = lo + ((((int32_t)${cRead('int16_t', table, 'i + 1')} - lo) * (a & 511) + 256) >> 9);`,
    '  }',
    '  return v < 0 ? -r : r;',
    '}',
    '',
  ].join('\n')
  return { text, flashBytes: 2 * TANH_TABLE_Q15.length }
}

/** e^x for x ≤ 0 in float32 (expNegF32): no libm, the power of two built from its exponent bits. */
export function cExpNegF32(p: string): CPiece {
  const [first, ...rest] = EXP2_POLY_F32
  const text = [
    `static float ${p}_expneg(float x) {`,
    '  union { uint32_t u; float f; } scale;',
    '  float a, b, r, q;',
    '  int16_t n;',
    '  if (x > 0.0f) x = 0.0f;',
    `  a = x * ${cFloat(LOG2E_F32)};`,
    '  if (a < -125.0f) return 0.0f;',
    '  b = a + 0.5f;',
    '  n = (int16_t)b;',
    '  if ((float)n > b) n--;',
    '  r = a - (float)n;',
    `  q = ${cFloat(first!)};`,
    ...rest.map((c) => `  q = q * r + ${cFloat(c)};`),
    '  scale.u = (uint32_t)(n + 127) << 23;',
    '  return q * scale.f;',
    '}',
    '',
  ].join('\n')
  return { text, flashBytes: 0 }
}

/** tanh in float32 (tanhF32); needs cExpNegF32. */
export function cTanhF32(p: string): CPiece {
  const text = [
    `static float ${p}_tanh(float y) {`,
    '  float s = y < 0.0f ? -y : y, e, t;',
    '  if (s >= 9.0f) return y < 0.0f ? -1.0f : 1.0f;',
    `  e = ${p}_expneg(-2.0f * s);`,
    '  t = (1.0f - e) / (1.0f + e);',
    '  return y < 0.0f ? -t : t;',
    '}',
    '',
  ].join('\n')
  return { text, flashBytes: 0 }
}

/**
 * `void <p>_quantize(const float *x, int16_t *q)`: q[j] = round(x[j]·2^e[j]) clamped to ±qmax, the C of
 * quantiseInput (the scale is a power of two built from exponent bits, so the product is exact).
 */
export function cInputQuantiser(p: string, exponents: readonly number[], qmax: number): CPiece {
  const table = `${p}_input_exponent`
  const text = [
    cArray(table, 'int8_t', exponents),
    `void ${p}_quantize(const float *x, int16_t *q) {`,
    '  union { uint32_t u; float f; } scale;',
    '  uint16_t j;',
    '  float v;',
    `  for (j = 0; j < ${exponents.length}u; j++) {`,
    `    scale.u = (uint32_t)(127 + ${cRead('int8_t', table, 'j')}) << 23;`,
    '    v = x[j] * scale.f;',
    `    if (v >= ${qmax}.0f) q[j] = ${qmax};`,
    `    else if (v <= -${qmax}.0f) q[j] = -${qmax};`,
    '    else q[j] = (int16_t)(v >= 0.0f ? (int32_t)(v + 0.5f) : -(int32_t)(-v + 0.5f));',
    '  }',
    '}',
    '',
  ].join('\n')
  return { text, flashBytes: exponents.length }
}
