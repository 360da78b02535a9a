import { z } from 'zod'
import { createRng } from '../../train/random'
import { classifierRamBytes, emitClassifierC, quantizerFlashBytes } from '../classifier-c'
import { classicalFailure } from '../errors'
import type { LabelledTable, LearnerDef, NumericMode } from '../learner'
import { argmax } from '../learner'
import { largestWithin } from '../budget'
import { parseStoredModel } from '../model-json'
import type { FeatureQuant } from '../quant'
import { featureQuantSchema, fitQuant, quantizeRow } from '../quant'
import { binTable } from '../tree/binning'
import { classFixedForms, giniCriterion } from '../tree/criteria'
import { growTree } from '../tree/grow'
import { treeParamsShape } from '../tree/params'
import type { Tree } from '../tree/tree'
import { sizedTree, treeArrays, treeBytes, treeLeaf, treeSchema, treeTypes } from '../tree/tree'

/**
 * CART decision tree (Breiman et al. 1984) with Gini splits, grown best-first on histograms so that a byte
 * budget becomes a leaf limit. The C keeps the tree as node arrays with a loop evaluator (docs/classical.md).
 */
export const cartParamsSchema = z.object(treeParamsShape)
export type CartParams = z.infer<typeof cartParamsSchema>

export interface CartModel {
  readonly cols: number
  readonly classes: number
  readonly quant: FeatureQuant
  readonly tree: Tree
}

export const cartModelSchema: z.ZodType<CartModel> = z.object({
  cols: z.number().int().positive(),
  classes: z.number().int().min(2),
  quant: featureQuantSchema,
  tree: treeSchema,
})

function trainCart(data: LabelledTable, params: CartParams, seed: number): CartModel {
  const quant = fitQuant(data, 16, params.sharedScale)
  const binned = binTable(data, params.maxBins)
  const maxLeaves = leavesWithin(params, quant, data)
  const rows = Int32Array.from({ length: data.rows }, (_, i) => i)
  const tree = growTree(
    binned,
    rows,
    giniCriterion(data.y, data.classes),
    { ...params, maxLeaves, featuresPerSplit: data.cols, rng: createRng(seed) },
    classFixedForms(quant),
  )
  return { cols: data.cols, classes: data.classes, quant, tree }
}

/** The most leaves whose tree (2L−1 nodes) and quantiser fit the budget; unlimited without one. */
function leavesWithin(params: CartParams, quant: FeatureQuant, data: LabelledTable): number {
  const budget = params.budgetBytes
  if (budget === undefined) return Number.MAX_SAFE_INTEGER
  const bytes = (leaves: number) => cartFlashBytes(sizedTree(leaves, data.cols), quant, params.budgetNumeric)
  if (bytes(2) > budget) {
    throw classicalFailure(
      'ClassicalBudget',
      `A decision tree needs at least ${bytes(2)} bytes (one split, ${params.budgetNumeric}); the budget is ${budget}.`,
    )
  }
  return largestWithin(2, Math.max(2, data.rows), (leaves) => bytes(leaves) <= budget)
}

function cartFlashBytes(tree: Tree, quant: FeatureQuant, numeric: NumericMode): number {
  return treeBytes([tree], numeric) + quantizerFlashBytes(numeric, quant)
}

function cartScores(model: CartModel, row: Float32Array, numeric: NumericMode): Float32Array | Int32Array {
  const leaf =
    numeric === 'float'
      ? treeLeaf(model.tree, row, 'float')
      : treeLeaf(model.tree, quantizeRow(row, model.quant), 'fixed')
  const scores = numeric === 'float' ? new Float32Array(model.classes) : new Int32Array(model.classes)
  scores[leaf] = 1
  return scores
}

function emitCartC(model: CartModel, numeric: NumericMode, prefix: string) {
  const fixed = numeric === 'fixed'
  const types = treeTypes([model.tree], numeric)
  return emitClassifierC({
    prefix,
    what: `CART decision tree, ${model.tree.feature.length} nodes, ${numeric}.`,
    cols: model.cols,
    classes: model.classes,
    numeric,
    quant: model.quant,
    data: treeArrays(prefix, [model.tree], numeric, fixed ? 'int16_t' : 'float'),
    scoresBody: [
      `  for (int c = 0; c < ${model.classes}; c++) scores[c] = 0;`,
      `  scores[(int)${prefix}_tree((${types.index})0, ${fixed ? 'q' : 'x'})] = 1;`,
    ].join('\n'),
  })
}

export const cartLearner: LearnerDef<CartParams, CartModel> = {
  kind: 'cart',
  paramsSchema: cartParamsSchema,
  train: trainCart,
  scores: cartScores,
  predict: (model, row, numeric) => argmax(cartScores(model, row, numeric)),
  emitC: emitCartC,
  size: (model, numeric) => ({
    flashBytes: cartFlashBytes(model.tree, model.quant, numeric),
    ramBytes: classifierRamBytes(model.cols, model.classes, numeric, model.quant),
  }),
  parseModel: (json) => parseStoredModel('cart', cartModelSchema, json),
}
