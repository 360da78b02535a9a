import { cArray, cRead } from '../c-emit'
import { edgemlC } from '../edgeml/c-api'
import { cExpNegF32, cExpNegQ15, cFixedBasics, cInputQuantiser, type CPiece } from '../edgeml/c-math'
import { cMatrix } from '../edgeml/c-matrix'
import { rowMatrix, type RowMatrix } from '../edgeml/quantise'
import { transposed } from '../edgeml/sparse'
import { cFloat } from '../../codegen/c/dsp-c-text'
import type { GeneratedC, NumericMode } from '../learner'
import { cachedFixedForm, DIFF_MAX } from './fixed'
import type { ProtoNNModel } from './model'

/**
 * ProtoNN as C99 (docs/classical.md, "ProtoNN"): the model as MOTE_CONST_DATA arrays and a scoring function
 * that follows fixed.ts / float.ts statement for statement, inside the classifiers' common API
 * (edgeml/c-api.ts). Its working set is the projected row on the stack.
 */

function matrixPieces(p: string, numeric: NumericMode, W: RowMatrix, Zt: RowMatrix): CPiece[] {
  const w = cMatrix(p, 'W', W, numeric, ['dot'])
  const z = cMatrix(p, 'Zt', Zt, numeric, ['add'])
  return [
    { text: w.data + '\n' + w.functions, flashBytes: w.flashBytes },
    { text: z.data + '\n' + z.functions, flashBytes: z.flashBytes },
  ]
}

/** The loop over prototypes around `distance` (statements computing `d` from `proj`) and `kernel`. */
function prototypeLoop(
  p: string,
  model: ProtoNNModel,
  dType: string,
  diff: string[],
  kernel: string,
): string[] {
  return [
    `for (k = 0; k < ${model.prototypes}u; k++) {`,
    `  ${dType} d = 0;`,
    `  for (i = 0; i < ${model.projection}u; i++) {`,
    ...diff.map((l) => `    ${l}`),
    '  }',
    `  ${p}_Zt_add(&cz, k, ${kernel}, scores);`,
    '}',
  ]
}

function fixedSpec(p: string, model: ProtoNNModel): { pieces: CPiece[]; body: string[] } {
  const fx = cachedFixedForm(model)
  const kernel: CPiece = {
    text: [
      `static int32_t ${p}_kernel(int32_t d) {`,
      `  if (d >= ${fx.dCut}L) return 0;`,
      `  return ${p}_expneg_q15((int32_t)((((uint32_t)d >> ${fx.dShift}) * ${fx.gMul}UL) >> ${fx.gShift}));`,
      '}',
      '',
    ].join('\n'),
    flashBytes: 0,
  }
  const pieces = [
    cFixedBasics(p),
    cExpNegQ15(p),
    kernel,
    cInputQuantiser(p, fx.exponents, fx.qmax),
    { text: cArray(`${p}_B`, 'int8_t', fx.B) + '\n', flashBytes: fx.B.length },
    ...matrixPieces(p, 'fixed', fx.W, fx.Zt),
  ]
  const body = [
    `int16_t proj[${model.projection}];`,
    `${p}_cursor_t cw = {0, 0}, cz = {0, 0};`,
    'uint16_t i, k;',
    `for (i = 0; i < ${model.projection}u; i++) proj[i] = (int16_t)${p}_sat16(${p}_rshr(${p}_W_dot(&cw, i, q), ${fx.projectionShift}));`,
    `for (i = 0; i < ${model.classes}u; i++) scores[i] = 0;`,
    ...prototypeLoop(
      p,
      model,
      'int32_t',
      [
        `int32_t diff = (int32_t)proj[i] - ${cRead('int8_t', `${p}_B`, `i * ${model.prototypes}u + k`)};`,
        `if (diff > ${DIFF_MAX}) diff = ${DIFF_MAX};`,
        `else if (diff < -${DIFF_MAX}) diff = -${DIFF_MAX};`,
        'd += diff * diff;',
      ],
      `${p}_kernel(d)`,
    ),
  ]
  return { pieces, body }
}

function floatSpec(p: string, model: ProtoNNModel): { pieces: CPiece[]; body: string[] } {
  const pieces = [
    cExpNegF32(p),
    { text: cArray(`${p}_B`, 'float', model.B) + '\n', flashBytes: 4 * model.B.length },
    ...matrixPieces(p, 'float', rowMatrix(model.W), rowMatrix(transposed(model.Z))),
  ]
  const gamma2 = cFloat(Math.fround(model.gamma * model.gamma))
  const body = [
    `float proj[${model.projection}];`,
    `${p}_cursor_t cw = {0, 0}, cz = {0, 0};`,
    'uint16_t i, k;',
    `for (i = 0; i < ${model.projection}u; i++) proj[i] = ${p}_W_dot(&cw, i, x);`,
    `for (i = 0; i < ${model.classes}u; i++) scores[i] = 0.0f;`,
    ...prototypeLoop(
      p,
      model,
      'float',
      [
        `float diff = proj[i] - ${cRead('float', `${p}_B`, `i * ${model.prototypes}u + k`)};`,
        'd += diff * diff;',
      ],
      `${p}_expneg(-(${gamma2} * d))`,
    ),
  ]
  return { pieces, body }
}

export function protoNNEmitC(model: ProtoNNModel, numeric: NumericMode, prefix: string): GeneratedC {
  const { pieces, body } = numeric === 'fixed' ? fixedSpec(prefix, model) : floatSpec(prefix, model)
  return edgemlC({
    prefix,
    numeric,
    what: `ProtoNN: ${model.projection}-dimensional projection, ${model.prototypes} prototypes`,
    features: model.features,
    classes: model.classes,
    pieces,
    scoresBody: body,
  })
}
