import { anomalyFailure } from './errors'

/** Feature vectors, row-major `rows × cols` (the windows' features of the design's DSP). */
export interface FeatureTable {
  readonly x: Float32Array
  readonly rows: number
  readonly cols: number
}

/**
 * Per-feature standardisation learnt from the normal training rows: z = (x − mean) / std. Every anomaly
 * learner scores in this space, so a feature in m/s² and one in log-power weigh alike; a constant feature
 * gets std 1 (its deviations then count in its own unit, and a normal row has none).
 */
export interface Standardiser {
  readonly mean: readonly number[]
  readonly std: readonly number[]
}

/** Throws 13201 for a table with no rows, mismatched sizes or a value that is not a finite number. */
export function checkFeatureTable(table: FeatureTable, what: string): void {
  const { x, rows, cols } = table
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || x.length !== rows * cols)
    throw anomalyFailure(
      'AnomalyBadData',
      `The ${what} need at least one window of at least one feature, in a ${rows}×${cols} table of ${x.length} values.`,
    )
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i]!))
      throw anomalyFailure(
        'AnomalyBadData',
        `Window ${Math.floor(i / cols) + 1} of the ${what}, feature ${(i % cols) + 1}, holds ${x[i]}: every feature must be a finite number.`,
      )
}

export function rowOf(table: FeatureTable, r: number): Float32Array {
  return table.x.subarray(r * table.cols, (r + 1) * table.cols)
}

export function fitStandardiser(table: FeatureTable): Standardiser {
  const { rows, cols } = table
  const mean = new Array<number>(cols).fill(0)
  const m2 = new Array<number>(cols).fill(0)
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) mean[j]! += table.x[r * cols + j]! / rows
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < cols; j++) m2[j]! += (table.x[r * cols + j]! - mean[j]!) ** 2
  const std = m2.map((s) => {
    const sd = Math.sqrt(s / rows)
    return sd > 1e-6 ? sd : 1
  })
  return { mean, std }
}

/** One row standardised, in float64. */
export function standardise(s: Standardiser, row: ArrayLike<number>): Float64Array {
  const z = new Float64Array(s.mean.length)
  for (let j = 0; j < z.length; j++) z[j] = (row[j]! - s.mean[j]!) / s.std[j]!
  return z
}

/** The whole table standardised, row-major float64. */
export function standardiseTable(s: Standardiser, table: FeatureTable): Float64Array {
  const out = new Float64Array(table.rows * table.cols)
  for (let r = 0; r < table.rows; r++) out.set(standardise(s, rowOf(table, r)), r * table.cols)
  return out
}
