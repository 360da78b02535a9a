import type { FeatureTable } from '../../../src/core/anomaly'
import { createRng, type Rng } from '../../../src/core/train/random'

/** Test data with known answers: Gaussian blobs in `cols` dimensions, seeded. */
export function blobs(
  rng: Rng,
  rows: number,
  cols: number,
  centres: readonly number[][],
  spread = 1,
): FeatureTable {
  const x = new Float32Array(rows * cols)
  for (let r = 0; r < rows; r++) {
    const centre = centres[r % centres.length]!
    for (let j = 0; j < cols; j++) x[r * cols + j] = centre[j]! + spread * rng.normal()
  }
  return { x, rows, cols }
}

/** Two normal operating states 6 σ apart in 8 dimensions, with correlated features (x1 follows x0). */
export function normalStates(seed: number, rows: number): FeatureTable {
  const table = blobs(createRng(seed), rows, 8, [
    [0, 0, 0, 0, 0, 0, 0, 0],
    [6, 6, 0, 0, 3, 0, 0, 0],
  ])
  for (let r = 0; r < rows; r++) table.x[r * 8 + 1] = table.x[r * 8]! + 0.2 * table.x[r * 8 + 1]!
  return table
}

/**
 * Outliers, 6–15 σ from both states: far against the correlation (x1 against x0), along a noise feature, and
 * along three noise features at once.
 */
export function outliers(seed: number, rows: number): FeatureTable {
  return blobs(createRng(seed), rows, 8, [
    [3, -15, 0, 0, 1.5, 0, 0, 0],
    [0, 0, 7, 0, 0, 0, 0, 0],
    [6, 6, 0, 0, 3, 5, 5, -5],
  ])
}

export function concat(a: FeatureTable, b: FeatureTable): FeatureTable {
  const x = new Float32Array(a.x.length + b.x.length)
  x.set(a.x)
  x.set(b.x, a.x.length)
  return { x, rows: a.rows + b.rows, cols: a.cols }
}
