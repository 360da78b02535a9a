import { z } from 'zod'
import { createRng } from '../../train/random'
import { classifierRamBytes, emitClassifierC, quantizerFlashBytes } from '../classifier-c'
import { bytesOf, cArray, cRead } from '../c-emit'
import type { LabelledTable, LearnerDef, NumericMode } from '../learner'
import { argmax } from '../learner'
import { parseStoredModel } from '../model-json'
import type { FeatureQuant } from '../quant'
import { featureQuantSchema, quantizeRow } from '../quant'
import { ensembleLoop } from '../tree/ensemble-c'
import { treeArrays, treeBytes, treeLeaf, treeSchema } from '../tree/tree'
import type { Tree } from '../tree/tree'
import { boostRounds } from './boost'

/**
 * Gradient-boosted trees for classification (Friedman 2001, with XGBoost's second-order leaf values):
 * each round fits one small regression tree per class to the softmax loss's gradients. Class k's score is
 * `base[k]` plus the leaves of trees k, k+K, k+2K, … in that order. In fixed mode the leaves and bases are
 * integers at one `leafScale` (sums in int32); in float mode they are float32 sums in the same order as the C.
 */
export const gbtParamsSchema = z.object({
  rounds: z.number().int().min(1).max(1000).default(30),
  learningRate: z.number().positive().max(1).default(0.3),
  maxDepth: z.number().int().min(1).max(16).default(3),
  maxLeaves: z.number().int().min(2).max(256).default(8),
  minLeaf: z.number().int().min(1).default(2),
  /** L2 penalty on leaf values (XGBoost's λ). */
  lambda: z.number().min(0).default(1),
  maxBins: z.number().int().min(2).max(255).default(64),
  /** Flash bytes the model may take in `budgetNumeric` mode: boosting stops at the last round that fits. */
  budgetBytes: z.number().int().positive().optional(),
  budgetNumeric: z.enum(['float', 'fixed']).default('fixed'),
  sharedScale: z.boolean().default(false),
})
export type GbtParams = z.infer<typeof gbtParamsSchema>

export interface GbtModel {
  readonly cols: number
  readonly classes: number
  readonly quant: FeatureQuant
  /** Initial score per class (log of the class prior), float32. */
  readonly base: readonly number[]
  /** The bases as integers at `leafScale` (fixed mode). */
  readonly baseQ: readonly number[]
  /** Fixed-mode leaves and bases are round(value × leafScale). */
  readonly leafScale: number
  /** Round by round, class by class: tree t adds to class t mod classes. */
  readonly trees: readonly Tree[]
}

export const gbtModelSchema: z.ZodType<GbtModel> = z.object({
  cols: z.number().int().positive(),
  classes: z.number().int().min(2),
  quant: featureQuantSchema,
  /** Initial score per class (log of the class prior), float32. */
  base: z.array(z.number()),
  /** Integer bases at `leafScale`. */
  baseQ: z.array(z.number().int()),
  leafScale: z.number().positive(),
  trees: z.array(treeSchema).min(1),
})

function trainGbt(data: LabelledTable, params: GbtParams, seed: number): GbtModel {
  return boostRounds(data, params, createRng(seed), (model, numeric) => gbtFlashBytes(model, numeric))
}

export function gbtFlashBytes(
  model: { readonly trees: readonly Tree[]; readonly classes: number; readonly quant: FeatureQuant },
  numeric: NumericMode,
): number {
  const base = bytesOf(numeric === 'float' ? 'float' : 'int32_t', model.classes)
  return treeBytes(model.trees, numeric) + base + quantizerFlashBytes(numeric, model.quant)
}

function gbtScores(model: GbtModel, row: Float32Array, numeric: NumericMode): Float32Array | Int32Array {
  const k = model.classes
  if (numeric === 'float') {
    const scores = Float32Array.from(model.base)
    model.trees.forEach((tree, t) => {
      scores[t % k] = Math.fround(scores[t % k]! + treeLeaf(tree, row, 'float'))
    })
    return scores
  }
  const q = quantizeRow(row, model.quant)
  const scores = Int32Array.from(model.baseQ)
  model.trees.forEach((tree, t) => {
    scores[t % k]! += treeLeaf(tree, q, 'fixed')
  })
  return scores
}

function emitGbtC(model: GbtModel, numeric: NumericMode, prefix: string) {
  const fixed = numeric === 'fixed'
  const baseType = fixed ? 'int32_t' : 'float'
  const k = model.classes
  return emitClassifierC({
    prefix,
    what: `Gradient-boosted trees, ${model.trees.length / k} rounds × ${k} classes, ${numeric}.`,
    cols: model.cols,
    classes: k,
    numeric,
    quant: model.quant,
    data: [
      cArray(`${prefix}_base`, baseType, fixed ? model.baseQ : model.base),
      treeArrays(prefix, model.trees, numeric, fixed ? 'int16_t' : 'float'),
    ].join('\n'),
    scoresBody: [
      `  for (int c = 0; c < ${k}; c++) scores[c] = ${cRead(baseType, `${prefix}_base`, 'c')};`,
      ensembleLoop(prefix, model.trees, numeric, `scores[t % ${k}u] += leaf;`),
    ].join('\n'),
  })
}

export const gbtLearner: LearnerDef<GbtParams, GbtModel> = {
  kind: 'gbt',
  paramsSchema: gbtParamsSchema,
  train: trainGbt,
  scores: gbtScores,
  predict: (model, row, numeric) => argmax(gbtScores(model, row, numeric)),
  emitC: emitGbtC,
  size: (model, numeric) => ({
    flashBytes: gbtFlashBytes(model, numeric),
    ramBytes: classifierRamBytes(model.cols, model.classes, numeric, model.quant),
  }),
  parseModel: (json) => parseStoredModel('gbt', gbtModelSchema, json),
}
