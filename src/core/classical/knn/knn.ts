import { z } from 'zod'
import { createRng } from '../../train/random'
import { bytesOf, cArray, cRead, indexType } from '../c-emit'
import { classifierRamBytes, emitClassifierC, quantizerFlashBytes } from '../classifier-c'
import { classicalFailure } from '../errors'
import type { LabelledTable, LearnerDef, NumericMode } from '../learner'
import { argmax } from '../learner'
import { parseStoredModel } from '../model-json'
import type { FeatureQuant } from '../quant'
import { featureQuantSchema, fitQuant, qmaxOf, quantizeRow, quantizeValue } from '../quant'
import { nearestVotes } from './nearest'
import { classwiseKMeans } from './prototypes'

/**
 * k-nearest neighbours over prototypes: the training rows themselves (`selection: 'all'`) or, by default,
 * class-wise k-means centroids, as many per class as the byte budget allows. Scores are the votes of the
 * k nearest prototypes (squared Euclidean distance; float32 sums in float mode, int32 sums of int8
 * differences in fixed mode). Ties go to the prototype stored first, in the C and the TypeScript alike.
 */
export const knnParamsSchema = z.object({
  k: z.number().int().min(1).max(31).default(1),
  selection: z.enum(['kmeans', 'all']).default('kmeans'),
  prototypesPerClass: z.number().int().min(1).max(4096).default(16),
  budgetBytes: z.number().int().positive().optional(),
  budgetNumeric: z.enum(['float', 'fixed']).default('fixed'),
  sharedScale: z.boolean().default(false),
})
export type KnnParams = z.infer<typeof knnParamsSchema>

export interface KnnModel {
  readonly cols: number
  readonly classes: number
  readonly k: number
  /** 8-bit quantisation: int8 prototypes, so squared distances of many features fit int32. */
  readonly quant: FeatureQuant
  /** Prototypes row-major (float32 values), their int8 forms, and their classes. */
  readonly prototypes: readonly number[]
  readonly prototypesQ: readonly number[]
  readonly labels: readonly number[]
}

export const knnModelSchema: z.ZodType<KnnModel> = z
  .object({
    cols: z.number().int().positive(),
    classes: z.number().int().min(2),
    k: z.number().int().min(1),
    quant: featureQuantSchema,
    prototypes: z.array(z.number()),
    prototypesQ: z.array(z.number().int().min(-127).max(127)),
    labels: z.array(z.number().int().min(0)).min(1),
  })
  .refine(
    (m) => m.prototypes.length === m.labels.length * m.cols && m.prototypesQ.length === m.prototypes.length,
    'prototype arrays that do not match the labels',
  )

function trainKnn(data: LabelledTable, params: KnnParams, seed: number): KnnModel {
  const quant = fitQuant(data, 8, params.sharedScale)
  const perClass = prototypesWithin(params, quant, data)
  const chosen =
    params.selection === 'all' && params.budgetBytes === undefined
      ? {
          rows: Array.from({ length: data.rows }, (_, r) =>
            Array.from(data.x.subarray(r * data.cols, (r + 1) * data.cols)),
          ),
          labels: Array.from(data.y),
        }
      : classwiseKMeans(data, perClass, createRng(seed))
  const prototypes = chosen.rows.flat()
  const qmax = qmaxOf(8)
  const prototypesQ = prototypes.map((v, i) =>
    quantizeValue(v, quant.offset[i % data.cols]!, quant.scale[i % data.cols]!, qmax),
  )
  return {
    cols: data.cols,
    classes: data.classes,
    k: params.k,
    quant,
    prototypes,
    prototypesQ,
    labels: chosen.labels,
  }
}

/** Prototypes per class that fit the budget (the requested count without one). */
function prototypesWithin(params: KnnParams, quant: FeatureQuant, data: LabelledTable): number {
  const budget = params.budgetBytes
  if (budget === undefined) return params.prototypesPerClass
  const bytes = (perClass: number) =>
    knnFlashBytes({ cols: data.cols, count: perClass * data.classes, quant }, params.budgetNumeric)
  if (bytes(1) > budget) {
    throw classicalFailure(
      'ClassicalBudget',
      `One prototype per class needs ${bytes(1)} bytes (${params.budgetNumeric}); the budget is ${budget}.`,
    )
  }
  let perClass = 1
  while (perClass < params.prototypesPerClass && bytes(perClass + 1) <= budget) perClass++
  return perClass
}

function knnFlashBytes(
  m: { cols: number; count: number; quant: FeatureQuant },
  numeric: NumericMode,
): number {
  const protos = bytesOf(numeric === 'float' ? 'float' : 'int8_t', m.count * m.cols)
  return protos + bytesOf('uint8_t', m.count) + quantizerFlashBytes(numeric, m.quant)
}

function knnScores(model: KnnModel, row: Float32Array, numeric: NumericMode): Float32Array | Int32Array {
  const votes =
    numeric === 'float'
      ? nearestVotes(row, model.prototypes, model.labels, model.k, 'float')
      : nearestVotes(quantizeRow(row, model.quant), model.prototypesQ, model.labels, model.k, 'fixed')
  return numeric === 'float'
    ? Float32Array.from(countVotes(votes, model.classes))
    : Int32Array.from(countVotes(votes, model.classes))
}

function countVotes(labels: readonly number[], classes: number): number[] {
  const out = new Array<number>(classes).fill(0)
  for (const l of labels) out[l]!++
  return out
}

function emitKnnC(model: KnnModel, numeric: NumericMode, prefix: string) {
  const fixed = numeric === 'fixed'
  const n = model.labels.length
  const d = model.cols
  const k = Math.min(model.k, n)
  const dist = fixed ? 'int32_t' : 'float'
  const elem = fixed ? 'int8_t' : 'float'
  const idx = indexType(n)
  const diff = fixed
    ? `(int32_t)q[j] - ${cRead('int8_t', `${prefix}_protos`, 'base + j')}`
    : `x[j] - ${cRead('float', `${prefix}_protos`, 'base + j')}`
  return emitClassifierC({
    prefix,
    what: `k-nearest neighbours (k = ${k}) over ${n} prototypes, ${numeric}.`,
    cols: d,
    classes: model.classes,
    numeric,
    quant: model.quant,
    data: [
      cArray(`${prefix}_protos`, elem, fixed ? model.prototypesQ : model.prototypes),
      cArray(`${prefix}_labels`, 'uint8_t', model.labels),
    ].join('\n'),
    scoresBody: [
      `  ${dist} best_d[${k}];`,
      `  uint8_t best_l[${k}];`,
      '  uint8_t found = 0;',
      `  for (int c = 0; c < ${model.classes}; c++) scores[c] = 0;`,
      `  for (${idx} i = 0; i < ${n}u; i++) {`,
      `    uint32_t base = (uint32_t)i * ${d}u;`,
      `    ${dist} dd = 0;`,
      `    for (uint16_t j = 0; j < ${d}u; j++) {`,
      `      ${dist} t = ${diff};`,
      '      dd += t * t;',
      '    }',
      '    uint8_t pos;',
      `    if (found < ${k}u) pos = found++;`,
      `    else if (dd < best_d[${k - 1}]) pos = ${k - 1}u;`,
      '    else continue;',
      '    while (pos > 0 && best_d[pos - 1] > dd) {',
      '      best_d[pos] = best_d[pos - 1];',
      '      best_l[pos] = best_l[pos - 1];',
      '      pos--;',
      '    }',
      '    best_d[pos] = dd;',
      `    best_l[pos] = ${cRead('uint8_t', `${prefix}_labels`, 'i')};`,
      '  }',
      '  for (uint8_t i = 0; i < found; i++) scores[best_l[i]] += 1;',
    ].join('\n'),
  })
}

export const knnLearner: LearnerDef<KnnParams, KnnModel> = {
  kind: 'knn',
  paramsSchema: knnParamsSchema,
  train: trainKnn,
  scores: knnScores,
  predict: (model, row, numeric) => argmax(knnScores(model, row, numeric)),
  emitC: emitKnnC,
  size: (model, numeric) => ({
    flashBytes: knnFlashBytes({ cols: model.cols, count: model.labels.length, quant: model.quant }, numeric),
    ramBytes:
      classifierRamBytes(model.cols, model.classes, numeric, model.quant) +
      Math.min(model.k, model.labels.length) * 5,
  }),
  parseModel: (json) => parseStoredModel('knn', knnModelSchema, json),
}
