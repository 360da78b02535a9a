import type { Rng } from '../../train/random'
import { classicalFailure } from '../errors'
import type { LabelledTable, NumericMode } from '../learner'
import type { FeatureQuant } from '../quant'
import { fitQuant, qmaxOf, quantizeValue } from '../quant'
import { classCounts, rowOf } from '../table'
import type { BinnedTable } from '../tree/binning'
import { binTable } from '../tree/binning'
import type { Criterion, FixedForms } from '../tree/grow'
import { growTree } from '../tree/grow'
import type { Tree } from '../tree/tree'
import { treeLeaf } from '../tree/tree'
import type { GbtModel, GbtParams } from './gbt'

/**
 * The boosting loop: per round, softmax probabilities from the current scores, then per class a regression
 * tree on g = p − y, h = p(1 − p) with leaf value −η·G/(H + λ). With a byte budget, the first round that
 * would exceed it is dropped and boosting stops.
 */
export function boostRounds(
  data: LabelledTable,
  params: GbtParams,
  rng: Rng,
  flashBytes: (model: GbtModel, numeric: NumericMode) => number,
): GbtModel {
  const quant = fitQuant(data, 16, params.sharedScale)
  const binned = binTable(data, params.maxBins)
  const k = data.classes
  const counts = classCounts(data)
  const base = counts.map((c) => Math.fround(Math.log((c + 1) / (data.rows + k))))
  const scores = new Float64Array(data.rows * k)
  for (let r = 0; r < data.rows; r++) scores.set(base, r * k)
  let trees: Tree[] = []
  for (let round = 0; round < params.rounds; round++) {
    const roundTrees = boostOneRound(data, binned, scores, params, rng, quant)
    const candidate = finalize(data, quant, base, [...trees, ...roundTrees])
    const budget = params.budgetBytes
    if (budget !== undefined && flashBytes(candidate, params.budgetNumeric) > budget) {
      if (trees.length === 0) {
        const needed = flashBytes(candidate, params.budgetNumeric)
        throw classicalFailure(
          'ClassicalBudget',
          `One boosting round (${k} trees) needs ${needed} bytes (${params.budgetNumeric}); the budget is ${budget}: raise it or lower maxLeaves.`,
        )
      }
      break
    }
    trees = [...trees, ...roundTrees]
    for (let r = 0; r < data.rows; r++) {
      roundTrees.forEach((tree, c) => {
        scores[r * k + c]! += treeLeaf(tree, rowOf(data, r), 'float')
      })
    }
  }
  return finalize(data, quant, base, trees)
}

function boostOneRound(
  data: LabelledTable,
  binned: BinnedTable,
  scores: Float64Array,
  params: GbtParams,
  rng: Rng,
  quant: FeatureQuant,
): Tree[] {
  const k = data.classes
  const probs = softmaxRows(scores, data.rows, k)
  const all = Int32Array.from({ length: data.rows }, (_, i) => i)
  const g = new Float64Array(data.rows)
  const h = new Float64Array(data.rows)
  const trees: Tree[] = []
  for (let c = 0; c < k; c++) {
    for (let r = 0; r < data.rows; r++) {
      const p = probs[r * k + c]!
      g[r] = p - (data.y[r] === c ? 1 : 0)
      h[r] = Math.max(p * (1 - p), 1e-6)
    }
    const options = { ...params, featuresPerSplit: data.cols, rng }
    trees.push(growTree(binned, all, gradientCriterion(g, h, params), options, leafPlaceholder(quant)))
  }
  return trees
}

function softmaxRows(scores: Float64Array, rows: number, k: number): Float64Array {
  const out = new Float64Array(scores.length)
  for (let r = 0; r < rows; r++) {
    let max = -Infinity
    for (let c = 0; c < k; c++) max = Math.max(max, scores[r * k + c]!)
    let sum = 0
    for (let c = 0; c < k; c++) sum += out[r * k + c] = Math.exp(scores[r * k + c]! - max)
    for (let c = 0; c < k; c++) out[r * k + c]! /= sum
  }
  return out
}

/** Second-order gain G²/(H + λ); the leaf is −η·G/(H + λ). */
function gradientCriterion(g: Float64Array, h: Float64Array, params: GbtParams): Criterion {
  return {
    statsDim: 2,
    minGain: 1e-9,
    add(stats, base, r) {
      stats[base]! += g[r]!
      stats[base + 1]! += h[r]!
    },
    score: (stats, base) => (stats[base]! * stats[base]!) / (stats[base + 1]! + params.lambda),
    pure: () => false,
    leaf: (stats, base) => (-params.learningRate * stats[base]!) / (stats[base + 1]! + params.lambda),
  }
}

/** Thresholds quantised now; leaves get their integers in `finalize`, once the leaf scale is known. */
function leafPlaceholder(quant: FeatureQuant): FixedForms {
  const qmax = qmaxOf(quant.bits)
  return {
    threshold: (f, largestLeft) => quantizeValue(largestLeft, quant.offset[f]!, quant.scale[f]!, qmax),
    leaf: () => 0,
  }
}

/**
 * The model with its integer leaves: one `leafScale` maps the largest leaf magnitude to 32767 (int16 leaves),
 * capped so that the bases stay well inside int32; sums of a thousand rounds of int16 leaves cannot overflow.
 */
function finalize(data: LabelledTable, quant: FeatureQuant, base: number[], trees: Tree[]): GbtModel {
  let maxLeaf = 0
  for (const t of trees)
    t.feature.forEach((f, i) => f < 0 && (maxLeaf = Math.max(maxLeaf, Math.abs(t.threshold[i]!))))
  const maxBase = Math.max(1, ...base.map(Math.abs))
  const leafScale = Math.min(maxLeaf > 0 ? 32767 / maxLeaf : 1, 1e9 / maxBase)
  const withLeaves = trees.map((t) => ({
    ...t,
    thresholdQ: t.thresholdQ.map((q, i) =>
      t.feature[i]! < 0 ? Math.round(t.threshold[i]! * leafScale) + 0 : q,
    ),
  }))
  return {
    cols: data.cols,
    classes: data.classes,
    quant,
    base,
    baseQ: base.map((b) => Math.round(b * leafScale) + 0),
    leafScale,
    trees: withLeaves,
  }
}
