import { cArray, cRead } from '../c-emit'
import { edgemlC } from '../edgeml/c-api'
import { cExpNegF32, cFixedBasics, cInputQuantiser, cTanhF32, cTanhQ15, type CPiece } from '../edgeml/c-math'
import { cMatrix } from '../edgeml/c-matrix'
import { rowMatrix, type RowMatrix } from '../edgeml/quantise'
import type { GeneratedC, NumericMode } from '../learner'
import { cachedBonsaiFixed } from './fixed'
import type { BonsaiModel } from './model'

/**
 * Bonsai as C99 (docs/classical.md, "Bonsai"): the model as MOTE_CONST_DATA arrays and a scoring function
 * that follows fixed.ts / float.ts statement for statement, walking one root-to-leaf path, inside the
 * classifiers' common API (edgeml/c-api.ts). Its working set is the projected row on the stack.
 */

function matrices(
  p: string,
  numeric: NumericMode,
  m: Record<'Z' | 'theta' | 'W' | 'V', RowMatrix>,
): CPiece[] {
  return (['Z', 'theta', 'W', 'V'] as const).map((name) => {
    const c = cMatrix(p, name, m[name], numeric, ['dot'])
    return { text: c.data + '\n' + c.functions, flashBytes: c.flashBytes }
  })
}

/** Declarations, the projection (`project`: one statement setting hat[i]) and the path loop. */
function scoring(
  p: string,
  model: BonsaiModel,
  types: { hat: string; zero: string },
  project: string,
  visit: string[],
  goesLeft: string,
): string[] {
  return [
    `${types.hat} hat[${model.projection}];`,
    `${p}_cursor_t cz = {0, 0}, ct = {0, 0}, cw = {0, 0}, cv = {0, 0};`,
    'uint16_t i, node = 0;',
    'uint8_t level, c;',
    `for (i = 0; i < ${model.projection}u; i++) ${project}`,
    `for (c = 0; c < ${model.classes}u; c++) scores[c] = ${types.zero};`,
    'for (level = 0;; level++) {',
    `  for (c = 0; c < ${model.classes}u; c++) {`,
    `    uint16_t r = (uint16_t)(node * ${model.classes}u + c);`,
    ...visit.map((l) => `    ${l}`),
    '  }',
    `  if (level == ${model.depth}u) break;`,
    `  node = ${goesLeft} ? (uint16_t)(2u * node + 1u) : (uint16_t)(2u * node + 2u);`,
    '}',
  ]
}

function fixedSpec(p: string, model: BonsaiModel): { pieces: CPiece[]; body: string[] } {
  const fx = cachedBonsaiFixed(model)
  const { pre, mul, post } = fx.vRescale
  const pieces = [
    cFixedBasics(p),
    cTanhQ15(p),
    cInputQuantiser(p, fx.exponents, fx.qmax),
    { text: cArray(`${p}_bias`, 'int32_t', fx.bias) + '\n', flashBytes: 4 * fx.bias.length },
    ...matrices(p, 'fixed', fx),
  ]
  const body = scoring(
    p,
    model,
    { hat: 'int16_t', zero: '0' },
    `hat[i] = (int16_t)${p}_sat16(${p}_rshr(${p}_Z_dot(&cz, i, q) + ${cRead('int32_t', `${p}_bias`, 'i')}, ${fx.projectedShift}));`,
    [
      `int32_t a = ${p}_sat16(${p}_rshr(${p}_W_dot(&cw, r, hat), ${fx.wShift}));`,
      `int32_t v = ${p}_rshr(${p}_sat16(${p}_rshr(${p}_V_dot(&cv, r, hat), ${pre})) * ${mul}L, ${post});`,
      `scores[c] += ${p}_rshr(a * ${p}_tanh_q15(v), 15);`,
    ],
    `${p}_theta_dot(&ct, node, hat) > 0`,
  )
  return { pieces, body }
}

function floatSpec(p: string, model: BonsaiModel): { pieces: CPiece[]; body: string[] } {
  const rows = {
    Z: rowMatrix(model.Z),
    theta: rowMatrix(model.theta),
    W: rowMatrix(model.W),
    V: rowMatrix(model.V),
  }
  const pieces = [
    cExpNegF32(p),
    cTanhF32(p),
    { text: cArray(`${p}_bias`, 'float', model.bias) + '\n', flashBytes: 4 * model.bias.length },
    ...matrices(p, 'float', rows),
  ]
  const body = scoring(
    p,
    model,
    { hat: 'float', zero: '0.0f' },
    `hat[i] = ${p}_Z_dot(&cz, i, x) + ${cRead('float', `${p}_bias`, 'i')};`,
    [`float a = ${p}_W_dot(&cw, r, hat);`, `scores[c] += a * ${p}_tanh(${p}_V_dot(&cv, r, hat));`],
    `${p}_theta_dot(&ct, node, hat) > 0.0f`,
  )
  return { pieces, body }
}

export function bonsaiEmitC(model: BonsaiModel, numeric: NumericMode, prefix: string): GeneratedC {
  const { pieces, body } = numeric === 'fixed' ? fixedSpec(prefix, model) : floatSpec(prefix, model)
  return edgemlC({
    prefix,
    numeric,
    what: `Bonsai: depth ${model.depth}, ${model.projection}-dimensional projection`,
    features: model.features,
    classes: model.classes,
    pieces,
    scoresBody: body,
  })
}
