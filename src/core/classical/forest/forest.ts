import { z } from 'zod'
import { createRng } from '../../train/random'
import { largestWithin } from '../budget'
import { classifierRamBytes, emitClassifierC, quantizerFlashBytes } from '../classifier-c'
import { classicalFailure } from '../errors'
import type { LabelledTable, LearnerDef, NumericMode } from '../learner'
import { argmax } from '../learner'
import { parseStoredModel } from '../model-json'
import type { FeatureQuant } from '../quant'
import { featureQuantSchema, fitQuant, quantizeRow } from '../quant'
import { binTable } from '../tree/binning'
import { classFixedForms, giniCriterion } from '../tree/criteria'
import { ensembleLoop } from '../tree/ensemble-c'
import { growTree } from '../tree/grow'
import { treeParamsShape } from '../tree/params'
import type { Tree } from '../tree/tree'
import { sizedTree, treeArrays, treeBytes, treeLeaf, treeSchema } from '../tree/tree'

/**
 * Random forest (Breiman 2001): CART trees on bootstrap samples, each split choosing among a random subset
 * of the features; the trees vote and the scores are the vote counts (integers in both numeric modes, so
 * the C adds 1 per tree). A byte budget caps the leaves per tree, the same cap for every tree.
 */
export const forestParamsSchema = z.object({
  ...treeParamsShape,
  trees: z.number().int().min(1).max(500).default(10),
  /** Features drawn per split: 0 means √cols, the usual choice for classification. */
  featuresPerSplit: z.number().int().min(0).default(0),
  bootstrap: z.boolean().default(true),
})
export type ForestParams = z.infer<typeof forestParamsSchema>

export interface ForestModel {
  readonly cols: number
  readonly classes: number
  readonly quant: FeatureQuant
  readonly trees: readonly Tree[]
}

export const forestModelSchema: z.ZodType<ForestModel> = z.object({
  cols: z.number().int().positive(),
  classes: z.number().int().min(2),
  quant: featureQuantSchema,
  trees: z.array(treeSchema).min(1),
})

function trainForest(data: LabelledTable, params: ForestParams, seed: number): ForestModel {
  const quant = fitQuant(data, 16, params.sharedScale)
  const binned = binTable(data, params.maxBins)
  const maxLeaves = leavesPerTree(params, quant, data)
  const featuresPerSplit =
    params.featuresPerSplit > 0 ? params.featuresPerSplit : Math.max(1, Math.round(Math.sqrt(data.cols)))
  const rng = createRng(seed)
  const criterion = giniCriterion(data.y, data.classes)
  const trees: Tree[] = []
  for (let t = 0; t < params.trees; t++) {
    const treeRng = rng.fork(t)
    const rows = params.bootstrap
      ? Int32Array.from({ length: data.rows }, () => treeRng.int(0, data.rows - 1))
      : Int32Array.from({ length: data.rows }, (_, i) => i)
    const options = { ...params, maxLeaves, featuresPerSplit, rng: treeRng }
    trees.push(growTree(binned, rows, criterion, options, classFixedForms(quant)))
  }
  return { cols: data.cols, classes: data.classes, quant, trees }
}

function leavesPerTree(params: ForestParams, quant: FeatureQuant, data: LabelledTable): number {
  const budget = params.budgetBytes
  if (budget === undefined) return Number.MAX_SAFE_INTEGER
  const bytes = (leaves: number) =>
    forestFlashBytes(
      Array.from({ length: params.trees }, () => sizedTree(leaves, data.cols)),
      quant,
      params.budgetNumeric,
    )
  if (bytes(2) > budget) {
    throw classicalFailure(
      'ClassicalBudget',
      `${params.trees} trees of one split each need ${bytes(2)} bytes (${params.budgetNumeric}); the budget is ${budget}: raise it or use fewer trees.`,
    )
  }
  return largestWithin(2, Math.max(2, data.rows), (leaves) => bytes(leaves) <= budget)
}

function forestFlashBytes(trees: readonly Tree[], quant: FeatureQuant, numeric: NumericMode): number {
  return treeBytes(trees, numeric) + quantizerFlashBytes(numeric, quant)
}

function forestScores(
  model: ForestModel,
  row: Float32Array,
  numeric: NumericMode,
): Float32Array | Int32Array {
  const input = numeric === 'float' ? row : quantizeRow(row, model.quant)
  const votes = numeric === 'float' ? new Float32Array(model.classes) : new Int32Array(model.classes)
  for (const tree of model.trees) votes[treeLeaf(tree, input, numeric)]! += 1
  return votes
}

function emitForestC(model: ForestModel, numeric: NumericMode, prefix: string) {
  const fixed = numeric === 'fixed'
  return emitClassifierC({
    prefix,
    what: `Random forest, ${model.trees.length} trees, ${numeric}.`,
    cols: model.cols,
    classes: model.classes,
    numeric,
    quant: model.quant,
    data: treeArrays(prefix, model.trees, numeric, fixed ? 'int16_t' : 'float'),
    scoresBody: [
      `  for (int c = 0; c < ${model.classes}; c++) scores[c] = 0;`,
      ensembleLoop(prefix, model.trees, numeric, 'scores[(int)leaf] += 1;'),
    ].join('\n'),
  })
}

export const forestLearner: LearnerDef<ForestParams, ForestModel> = {
  kind: 'forest',
  paramsSchema: forestParamsSchema,
  train: trainForest,
  scores: forestScores,
  predict: (model, row, numeric) => argmax(forestScores(model, row, numeric)),
  emitC: emitForestC,
  size: (model, numeric) => ({
    flashBytes: forestFlashBytes(model.trees, model.quant, numeric),
    ramBytes: classifierRamBytes(model.cols, model.classes, numeric, model.quant),
  }),
  parseModel: (json) => parseStoredModel('forest', forestModelSchema, json),
}
