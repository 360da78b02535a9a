import { cArray, cHeader, cRead, cSourceTop } from '../c-emit'
import { cArgmax, cExpNegF32, cExpNegQ15, cFixedBasics, cInputQuantiser, type CPiece } from '../edgeml/c-math'
import { cCursorType, cMatrix } from '../edgeml/c-matrix'
import { rowMatrix } from '../edgeml/quantise'
import { transposed } from '../edgeml/sparse'
import { cFloat } from '../../codegen/c/dsp-c-text'
import type { GeneratedC, NumericMode } from '../learner'
import { cachedFixedForm, DIFF_MAX } from './fixed'
import type { ProtoNNModel } from './model'

/**
 * ProtoNN as C99 (docs/classical.md, "ProtoNN"): the model as MOTE_CONST_DATA arrays and an evaluator that
 * follows fixed.ts / float.ts statement for statement. Fixed mode exports
 * `int <p>_scores_q(const int16_t *q, int32_t *scores)`, `void <p>_quantize(const float *x, int16_t *q)`
 * and `int <p>_predict(const float *x)`; float mode `int <p>_scores(const float *x, float *scores)` and
 * `<p>_predict`. The working set is on the stack: the projected input (and the quantised row in
 * `<p>_predict`).
 */

function fixedBody(p: string, model: ProtoNNModel): { pieces: CPiece[]; body: string } {
  const fx = cachedFixedForm(model)
  const { projection: dHat, prototypes: m, classes } = model
  const W = cMatrix(p, 'W', fx.W, 'fixed', ['dot'])
  const Zt = cMatrix(p, 'Zt', fx.Zt, 'fixed', ['add'])
  const B: CPiece = { text: cArray(`${p}_B`, 'int8_t', fx.B) + '\n', flashBytes: fx.B.length }
  const pieces = [
    cFixedBasics(p),
    cExpNegQ15(p),
    cInputQuantiser(p, fx.exponents, fx.qmax),
    { text: W.data + '\n' + W.functions, flashBytes: W.flashBytes },
    B,
    { text: Zt.data + '\n' + Zt.functions, flashBytes: Zt.flashBytes },
  ]
  const body = [
    `static int32_t ${p}_kernel(int32_t d) {`,
    `  if (d >= ${fx.dCut}L) return 0;`,
    `  return ${p}_expneg_q15((int32_t)((((uint32_t)d >> ${fx.dShift}) * ${fx.gMul}UL) >> ${fx.gShift}));`,
    '}',
    cArgmax(p, 'int32_t'),
    `int ${p}_scores_q(const int16_t *q, int32_t *scores) {`,
    `  int16_t proj[${dHat}];`,
    `  ${p}_cursor_t cw = {0, 0}, cz = {0, 0};`,
    '  uint16_t i, k;',
    `  for (i = 0; i < ${dHat}u; i++) proj[i] = (int16_t)${p}_sat16(${p}_rshr(${p}_W_dot(&cw, i, q), ${fx.projectionShift}));`,
    `  for (i = 0; i < ${classes}u; i++) scores[i] = 0;`,
    `  for (k = 0; k < ${m}u; k++) {`,
    '    int32_t d = 0;',
    `    for (i = 0; i < ${dHat}u; i++) {`,
    `      int32_t diff = (int32_t)proj[i] - ${cRead('int8_t', `${p}_B`, `i * ${m}u + k`)};`,
    `      if (diff > ${DIFF_MAX}) diff = ${DIFF_MAX};`,
    `      else if (diff < -${DIFF_MAX}) diff = -${DIFF_MAX};`,
    '      d += diff * diff;',
    '    }',
    `    ${p}_Zt_add(&cz, k, ${p}_kernel(d), scores);`,
    '  }',
    `  return ${p}_argmax(scores, ${classes});`,
    '}',
    `int ${p}_predict(const float *x) {`,
    `  int16_t q[${model.features}];`,
    `  int32_t scores[${classes}];`,
    `  ${p}_quantize(x, q);`,
    `  return ${p}_scores_q(q, scores);`,
    '}',
    '',
  ].join('\n')
  return { pieces, body }
}

function floatBody(p: string, model: ProtoNNModel): { pieces: CPiece[]; body: string } {
  const { projection: dHat, prototypes: m, classes } = model
  const W = cMatrix(p, 'W', rowMatrix(model.W), 'float', ['dot'])
  const Zt = cMatrix(p, 'Zt', rowMatrix(transposed(model.Z)), 'float', ['add'])
  const B: CPiece = { text: cArray(`${p}_B`, 'float', model.B) + '\n', flashBytes: 4 * model.B.length }
  const pieces = [
    cExpNegF32(p),
    { text: W.data + '\n' + W.functions, flashBytes: W.flashBytes },
    B,
    { text: Zt.data + '\n' + Zt.functions, flashBytes: Zt.flashBytes },
  ]
  const gamma2 = cFloat(Math.fround(model.gamma * model.gamma))
  const body = [
    cArgmax(p, 'float'),
    `int ${p}_scores(const float *x, float *scores) {`,
    `  float proj[${dHat}];`,
    `  ${p}_cursor_t cw = {0, 0}, cz = {0, 0};`,
    '  uint16_t i, k;',
    `  for (i = 0; i < ${dHat}u; i++) proj[i] = ${p}_W_dot(&cw, i, x);`,
    `  for (i = 0; i < ${classes}u; i++) scores[i] = 0.0f;`,
    `  for (k = 0; k < ${m}u; k++) {`,
    '    float d = 0.0f;',
    `    for (i = 0; i < ${dHat}u; i++) {`,
    `      float diff = proj[i] - ${cRead('float', `${p}_B`, `i * ${m}u + k`)};`,
    '      d += diff * diff;',
    '    }',
    `    ${p}_Zt_add(&cz, k, ${p}_expneg(-(${gamma2} * d)), scores);`,
    '  }',
    `  return ${p}_argmax(scores, ${classes});`,
    '}',
    `int ${p}_predict(const float *x) {`,
    `  float scores[${classes}];`,
    `  return ${p}_scores(x, scores);`,
    '}',
    '',
  ].join('\n')
  return { pieces, body }
}

export function protoNNEmitC(model: ProtoNNModel, numeric: NumericMode, prefix: string): GeneratedC {
  const { pieces, body } = numeric === 'fixed' ? fixedBody(prefix, model) : floatBody(prefix, model)
  const fixed = numeric === 'fixed'
  const fns = [
    fixed
      ? {
          prototype: `int ${prefix}_scores_q(const int16_t *q, int32_t *scores)`,
          doc: 'Integer class scores of a quantised row (scores: CLASSES values); returns the class.',
        }
      : {
          prototype: `int ${prefix}_scores(const float *x, float *scores)`,
          doc: 'Class scores of a row (scores: CLASSES values); returns the class.',
        },
    ...(fixed
      ? [
          {
            prototype: `void ${prefix}_quantize(const float *x, int16_t *q)`,
            doc: 'Quantises a row of FEATURES values for _scores_q.',
          },
        ]
      : []),
    { prototype: `int ${prefix}_predict(const float *x)`, doc: 'The class of a row of FEATURES values.' },
  ]
  const header = cHeader(
    prefix,
    `ProtoNN (${numeric}): ${model.projection}-dimensional projection, ${model.prototypes} prototypes.`,
    { FEATURES: model.features, CLASSES: model.classes },
    fns,
  )
  const source = [
    cSourceTop(prefix),
    '#include <stddef.h>',
    cCursorType(prefix),
    ...pieces.map((x) => x.text),
    body,
  ].join('\n')
  return { header, source }
}
