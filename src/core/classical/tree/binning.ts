import type { LabelledTable } from '../learner'

/**
 * Features cut into at most `maxBins` ordered bins, so that tree growth works on histograms (O(rows) per node
 * and feature) instead of sorting at every node. A bin keeps the smallest and largest training value in it:
 * a split between bins k and k+1 lies between `hi[k]` and `lo[k+1]`, which is where the float threshold goes
 * (docs/classical.md, "How thresholds are chosen"). With no more distinct values than bins, each value is a
 * bin and the splits are exactly those of exact CART.
 */
export interface BinnedTable {
  readonly rows: number
  readonly cols: number
  /** Bin of each value, row-major like the table. */
  readonly codes: Uint8Array
  readonly binCount: readonly number[]
  /** Per column, the smallest and the largest training value of each bin (float32). */
  readonly lo: readonly Float32Array[]
  readonly hi: readonly Float32Array[]
}

export const MAX_BINS = 255

export function binTable(data: LabelledTable, maxBins = 64): BinnedTable {
  const { x, rows, cols } = data
  const bins = Math.min(MAX_BINS, Math.max(2, maxBins))
  const codes = new Uint8Array(rows * cols)
  const binCount: number[] = []
  const lo: Float32Array[] = []
  const hi: Float32Array[] = []
  const column = new Float32Array(rows)
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) column[r] = x[r * cols + c]!
    const edges = upperEdges(Float32Array.from(column).sort(), bins)
    const binLo = new Float32Array(edges.length).fill(Infinity)
    const binHi = new Float32Array(edges.length).fill(-Infinity)
    for (let r = 0; r < rows; r++) {
      const v = column[r]!
      const b = binOf(edges, v)
      codes[r * cols + c] = b
      if (v < binLo[b]!) binLo[b] = v
      if (v > binHi[b]!) binHi[b] = v
    }
    binCount.push(edges.length)
    lo.push(binLo)
    hi.push(binHi)
  }
  return { rows, cols, codes, binCount, lo, hi }
}

/** The largest value of each bin, ascending: every distinct value, or quantiles of them when too many. */
function upperEdges(sorted: Float32Array, bins: number): Float32Array {
  const distinct: number[] = []
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!)
  if (distinct.length <= bins) return Float32Array.from(distinct)
  const edges: number[] = []
  for (let b = 1; b <= bins; b++) {
    const v = sorted[Math.min(sorted.length - 1, Math.ceil((b * sorted.length) / bins) - 1)]!
    if (edges.length === 0 || v > edges[edges.length - 1]!) edges.push(v)
  }
  return Float32Array.from(edges)
}

/** The first bin whose upper edge is ≥ v (binary search). */
function binOf(edges: Float32Array, v: number): number {
  let a = 0
  let b = edges.length - 1
  while (a < b) {
    const m = (a + b) >> 1
    if (edges[m]! >= v) b = m
    else a = m + 1
  }
  return a
}
