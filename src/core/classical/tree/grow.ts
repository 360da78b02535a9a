import type { Rng } from '../../train/random'
import type { BinnedTable } from './binning'
import type { Tree } from './tree'

/**
 * Best-first growth of one tree on histograms (like LightGBM's leaf-wise growth): the leaf whose best split
 * gains most is split next, until `maxLeaves` leaves, `maxDepth`, `minLeaf` or no useful split stops it. A
 * leaf limit is what makes a byte budget exact: a tree of L leaves has 2L−1 nodes.
 *
 * The criterion is the only thing that differs between classification trees (Gini) and boosting's
 * regression trees (second-order gain): both score a node by a sum of squares over its statistics, and a
 * split's gain is score(left) + score(right) − score(node).
 */
export interface Criterion {
  /** Statistics per row (class counts, or gradient and hessian). */
  readonly statsDim: number
  /** The smallest gain worth a split: ≤ 0 lets a classification tree split a node on no immediate gain (XOR). */
  readonly minGain: number
  /** Adds row `r`'s statistics at `stats[base…]`. */
  add(stats: Float64Array, base: number, r: number): void
  score(stats: Float64Array, base: number): number
  /** True when no split can help (one class left). */
  pure(stats: Float64Array, base: number): boolean
  /** The leaf's value: a class index, or a leaf score. */
  leaf(stats: Float64Array, base: number): number
}

export interface GrowOptions {
  readonly maxDepth: number
  readonly minLeaf: number
  readonly maxLeaves: number
  /** Features drawn at each split (all when ≥ cols); random forests draw fewer. */
  readonly featuresPerSplit: number
  readonly rng: Rng
}

/** How a float split and a leaf value become the integers of the fixed-point C. */
export interface FixedForms {
  /** The quantised value of the largest training value going left (docs/classical.md). */
  threshold(feature: number, largestLeft: number): number
  leaf(value: number): number
}

interface Split {
  readonly gain: number
  readonly feature: number
  readonly bin: number
}

interface GrowNode {
  readonly rows: Int32Array
  readonly depth: number
  /** Count, then the criterion's statistics. */
  readonly stats: Float64Array
  split: Split | undefined
  left?: GrowNode
  right?: GrowNode
}

export function growTree(
  binned: BinnedTable,
  rows: Int32Array,
  criterion: Criterion,
  options: GrowOptions,
  fixed: FixedForms,
): Tree {
  const grower = new Grower(binned, criterion, options)
  const root = grower.node(rows, 0)
  const frontier: GrowNode[] = [root]
  let leaves = 1
  while (leaves < options.maxLeaves) {
    let best = -1
    for (let i = 0; i < frontier.length; i++) {
      if (
        frontier[i]!.split !== undefined &&
        (best < 0 || frontier[i]!.split!.gain > frontier[best]!.split!.gain)
      )
        best = i
    }
    if (best < 0) break
    const node = frontier.splice(best, 1)[0]!
    const [l, r] = grower.partition(node)
    node.left = grower.node(l, node.depth + 1)
    node.right = grower.node(r, node.depth + 1)
    frontier.push(node.left, node.right)
    leaves++
  }
  return serialise(root, binned, criterion, fixed)
}

class Grower {
  private readonly width: number
  private readonly order: Int32Array

  constructor(
    private readonly binned: BinnedTable,
    private readonly criterion: Criterion,
    private readonly options: GrowOptions,
  ) {
    this.width = criterion.statsDim + 1
    this.order = Int32Array.from({ length: binned.cols }, (_, i) => i)
  }

  node(rows: Int32Array, depth: number): GrowNode {
    const stats = new Float64Array(this.width)
    for (const r of rows) {
      stats[0]!++
      this.criterion.add(stats, 1, r)
    }
    const node: GrowNode = { rows, depth, stats, split: undefined }
    node.split = this.bestSplit(node)
    return node
  }

  partition(node: GrowNode): [Int32Array, Int32Array] {
    const { feature, bin } = node.split!
    const { codes, cols } = this.binned
    const left = node.rows.filter((r) => codes[r * cols + feature]! <= bin)
    const right = node.rows.filter((r) => codes[r * cols + feature]! > bin)
    return [left, right]
  }

  private bestSplit(node: GrowNode): Split | undefined {
    const { maxDepth, minLeaf } = this.options
    if (node.depth >= maxDepth || node.rows.length < 2 * minLeaf || this.criterion.pure(node.stats, 1))
      return undefined
    const parentScore = this.criterion.score(node.stats, 1)
    let best: Split | undefined
    for (const feature of this.drawFeatures()) {
      const found = this.bestSplitOf(node, feature, parentScore)
      if (found !== undefined && (best === undefined || found.gain > best.gain)) best = found
    }
    return best
  }

  private bestSplitOf(node: GrowNode, feature: number, parentScore: number): Split | undefined {
    const w = this.width
    const bins = this.binned.binCount[feature]!
    const hist = new Float64Array(bins * w)
    const { codes, cols } = this.binned
    for (const r of node.rows) {
      const base = codes[r * cols + feature]! * w
      hist[base]!++
      this.criterion.add(hist, base + 1, r)
    }
    const left = new Float64Array(w)
    const right = new Float64Array(w)
    let best: Split | undefined
    for (let b = 0; b < bins - 1; b++) {
      for (let k = 0; k < w; k++) left[k]! += hist[b * w + k]!
      if (left[0]! < this.options.minLeaf) continue
      for (let k = 0; k < w; k++) right[k] = node.stats[k]! - left[k]!
      if (right[0]! < this.options.minLeaf) break
      const gain = this.criterion.score(left, 1) + this.criterion.score(right, 1) - parentScore
      if (gain > this.criterion.minGain && (best === undefined || gain > best.gain))
        best = { gain, feature, bin: b }
    }
    return best
  }

  /** A fresh random subset of the features (a partial Fisher–Yates shuffle), or all of them. */
  private drawFeatures(): Int32Array {
    const { featuresPerSplit, rng } = this.options
    const n = this.order.length
    if (featuresPerSplit >= n) return this.order
    for (let i = 0; i < featuresPerSplit; i++) {
      const j = rng.int(i, n - 1)
      const t = this.order[i]!
      this.order[i] = this.order[j]!
      this.order[j] = t
    }
    return this.order.slice(0, featuresPerSplit)
  }
}

function serialise(root: GrowNode, binned: BinnedTable, criterion: Criterion, fixed: FixedForms): Tree {
  const out = {
    feature: [] as number[],
    threshold: [] as number[],
    thresholdQ: [] as number[],
    right: [] as number[],
  }
  const visit = (node: GrowNode): void => {
    const i = out.feature.length
    if (node.left === undefined || node.right === undefined) {
      const value = Math.fround(criterion.leaf(node.stats, 1)) + 0 // never −0: the C prints it as 0.0f
      out.feature.push(-1)
      out.threshold.push(value)
      out.thresholdQ.push(fixed.leaf(value))
      out.right.push(0)
      return
    }
    const { feature, bin } = node.split!
    const a = binned.hi[feature]![bin]!
    const b = binned.lo[feature]![bin + 1]!
    const mid = Math.fround((a + b) / 2)
    out.feature.push(feature)
    out.threshold.push(mid < b ? mid : a)
    out.thresholdQ.push(fixed.threshold(feature, a))
    out.right.push(0)
    visit(node.left)
    out.right[i] = out.feature.length
    visit(node.right)
  }
  visit(root)
  return out
}
