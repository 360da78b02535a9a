import { z } from 'zod'
import { bytesOf, cArray, cRead } from '../c-emit'
import { classifierRamBytes, emitClassifierC, quantizerFlashBytes } from '../classifier-c'
import { classicalFailure } from '../errors'
import type { LabelledTable, LearnerDef, NumericMode } from '../learner'
import { argmax } from '../learner'
import { parseStoredModel } from '../model-json'
import type { FeatureQuant } from '../quant'
import { featureQuantSchema, fitQuant, quantizeRow } from '../quant'
import { fitSoftmax } from './fit'

/**
 * Multinomial logistic regression. Scores are the logits (softmax is monotone, so the class is the same).
 * Float mode: `s_c = b_c + Σ_j w_cj·x_j`, each product and sum rounded to float32 in order. Fixed mode:
 * int8 features q_j and integer weights on them — w_cj / scale_j at one scale `weightScale` for all
 * weights — summed in int32 from an int32 bias that holds b_c + Σ_j w_cj·offset_j at the same scale.
 */
export const logregParamsSchema = z.object({
  epochs: z.number().int().min(1).max(5000).default(300),
  learningRate: z.number().positive().default(0.05),
  l2: z.number().min(0).default(1e-3),
  /** Fixed-mode weight width; with a budget, 16 falls back to 8 when 16 does not fit. */
  weightBits: z.union([z.literal(8), z.literal(16)]).default(16),
  budgetBytes: z.number().int().positive().optional(),
  budgetNumeric: z.enum(['float', 'fixed']).default('fixed'),
  sharedScale: z.boolean().default(false),
})
export type LogregParams = z.infer<typeof logregParamsSchema>

export interface LogregModel {
  readonly cols: number
  readonly classes: number
  readonly quant: FeatureQuant
  /** classes × cols float32 weights and float32 biases (float mode). */
  readonly weights: readonly number[]
  readonly bias: readonly number[]
  /** Integer weights on the quantised features, their width, and int32 biases (fixed mode). */
  readonly weightBits: 8 | 16
  readonly weightsQ: readonly number[]
  readonly biasQ: readonly number[]
}

export const logregModelSchema: z.ZodType<LogregModel> = z
  .object({
    cols: z.number().int().positive(),
    classes: z.number().int().min(2),
    quant: featureQuantSchema,
    weights: z.array(z.number()),
    bias: z.array(z.number()),
    weightBits: z.union([z.literal(8), z.literal(16)]),
    weightsQ: z.array(z.number().int().min(-32767).max(32767)),
    biasQ: z.array(
      z
        .number()
        .int()
        .min(-(2 ** 31))
        .max(2 ** 31 - 1),
    ),
  })
  .refine(
    (m) =>
      m.weights.length === m.classes * m.cols &&
      m.weightsQ.length === m.weights.length &&
      m.bias.length === m.classes &&
      m.biasQ.length === m.classes,
    'weight arrays that do not match classes × cols',
  )

function trainLogreg(data: LabelledTable, params: LogregParams): LogregModel {
  const quant = fitQuant(data, 8, params.sharedScale)
  const bits = weightBitsWithin(params, quant, data)
  const fitted = fitSoftmax(data, params)
  const weights = Array.from(fitted.weights, (w) => Math.fround(w))
  const bias = Array.from(fitted.bias, (b) => Math.fround(b))
  return {
    cols: data.cols,
    classes: data.classes,
    quant,
    weights,
    bias,
    ...quantiseWeights(weights, bias, quant, data, bits),
  }
}

function weightBitsWithin(params: LogregParams, quant: FeatureQuant, data: LabelledTable): 8 | 16 {
  const budget = params.budgetBytes
  const bytes = (bits: 8 | 16) => logregFlashBytes(data.cols, data.classes, quant, bits, params.budgetNumeric)
  if (budget === undefined || bytes(params.weightBits) <= budget) return params.weightBits
  if (bytes(8) <= budget) return 8
  throw classicalFailure(
    'ClassicalBudget',
    `Logistic regression on ${data.cols} features and ${data.classes} classes needs ${bytes(8)} bytes (${params.budgetNumeric}); the budget is ${budget}.`,
  )
}

/**
 * Integer weights: the largest |w_cj / scale_j| maps to the weight range, which is also capped so that
 * cols × 127 × wmax stays below 2^30 (the int32 sum cannot overflow).
 */
function quantiseWeights(
  weights: number[],
  bias: number[],
  quant: FeatureQuant,
  data: LabelledTable,
  bits: 8 | 16,
) {
  const { cols } = data
  const onQ = weights.map((w, i) => w / quant.scale[i % cols]!)
  const wmax = Math.min(bits === 8 ? 127 : 32767, Math.floor(2 ** 30 / (cols * 127)))
  const largest = Math.max(1e-30, ...onQ.map(Math.abs))
  const weightScale = wmax / largest
  const weightsQ = onQ.map((w) => Math.round(w * weightScale) + 0)
  const biasQ = bias.map((b, c) => {
    let folded = b
    for (let j = 0; j < cols; j++) folded += weights[c * cols + j]! * quant.offset[j]!
    return Math.max(-(2 ** 30), Math.min(2 ** 30, Math.round(folded * weightScale))) + 0
  })
  return { weightBits: bits, weightsQ, biasQ }
}

function logregFlashBytes(
  cols: number,
  classes: number,
  quant: FeatureQuant,
  bits: 8 | 16,
  numeric: NumericMode,
): number {
  if (numeric === 'float') return bytesOf('float', cols * classes) + bytesOf('float', classes)
  const w = bytesOf(bits === 8 ? 'int8_t' : 'int16_t', cols * classes)
  return w + bytesOf('int32_t', classes) + quantizerFlashBytes(numeric, quant)
}

function logregScores(
  model: LogregModel,
  row: Float32Array,
  numeric: NumericMode,
): Float32Array | Int32Array {
  const { cols, classes } = model
  if (numeric === 'float') {
    const s = new Float32Array(classes)
    for (let c = 0; c < classes; c++) {
      let sum = model.bias[c]!
      for (let j = 0; j < cols; j++)
        sum = Math.fround(sum + Math.fround(model.weights[c * cols + j]! * row[j]!))
      s[c] = sum
    }
    return s
  }
  const q = quantizeRow(row, model.quant)
  const s = new Int32Array(classes)
  for (let c = 0; c < classes; c++) {
    let sum = model.biasQ[c]!
    for (let j = 0; j < cols; j++) sum += model.weightsQ[c * cols + j]! * q[j]!
    s[c] = sum
  }
  return s
}

function emitLogregC(model: LogregModel, numeric: NumericMode, prefix: string) {
  const fixed = numeric === 'fixed'
  const wType = fixed ? (model.weightBits === 8 ? 'int8_t' : 'int16_t') : 'float'
  const bType = fixed ? 'int32_t' : 'float'
  const acc = fixed ? 'int32_t' : 'float'
  const term = fixed
    ? `(int32_t)${cRead(wType, `${prefix}_w`, 'base + j')} * q[j]`
    : `${cRead('float', `${prefix}_w`, 'base + j')} * x[j]`
  return emitClassifierC({
    prefix,
    what: `Multinomial logistic regression, ${model.classes} classes × ${model.cols} features, ${numeric}.`,
    cols: model.cols,
    classes: model.classes,
    numeric,
    quant: model.quant,
    data: [
      cArray(`${prefix}_w`, wType, fixed ? model.weightsQ : model.weights),
      cArray(`${prefix}_b`, bType, fixed ? model.biasQ : model.bias),
    ].join('\n'),
    scoresBody: [
      `  for (uint16_t c = 0; c < ${model.classes}u; c++) {`,
      `    uint32_t base = (uint32_t)c * ${model.cols}u;`,
      `    ${acc} s = ${cRead(bType, `${prefix}_b`, 'c')};`,
      `    for (uint16_t j = 0; j < ${model.cols}u; j++) s += ${term};`,
      '    scores[c] = s;',
      '  }',
    ].join('\n'),
  })
}

export const logregLearner: LearnerDef<LogregParams, LogregModel> = {
  kind: 'logreg',
  paramsSchema: logregParamsSchema,
  train: (data, params) => trainLogreg(data, params),
  scores: logregScores,
  predict: (model, row, numeric) => argmax(logregScores(model, row, numeric)),
  emitC: emitLogregC,
  size: (model, numeric) => ({
    flashBytes: logregFlashBytes(model.cols, model.classes, model.quant, model.weightBits, numeric),
    ramBytes: classifierRamBytes(model.cols, model.classes, numeric, model.quant),
  }),
  parseModel: (json) => parseStoredModel('logreg', logregModelSchema, json),
}
