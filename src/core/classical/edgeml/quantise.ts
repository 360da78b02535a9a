import type { LabelledTable } from '../learner'
import { featureQuantSchema, quantizeValue, type FeatureQuant } from '../quant'
import { columnMaxAbs } from './optimise'
import { rowsOf, type StoredMatrix } from './sparse'

/**
 * Fixed-point forms of the EdgeML models' data.
 *
 * Inputs: feature j is quantised as q = clamp(round(x·2^e[j]), ±qmax) — the studio's per-feature convention
 * (docs/classical.md) with offset 0 and a power-of-two scale, so that the C stores one signed byte per
 * feature instead of two floats (the offsets are folded into the models' biases or prototypes instead).
 * e[j] is the largest exponent that keeps the training rows' largest |x[j]| within qmax/2. The model stores it
 * as the studio's FeatureQuant (bits 16, offsets 0, scales 2^e[j]), which parsing checks.
 *
 * Matrices: int8 with one step per matrix (step = largest |value| / 127), zeros dropped.
 */

/** One row of a matrix: column indices (increasing) and values. */
export interface MatrixRow {
  readonly cols: readonly number[]
  readonly values: readonly number[]
}

/** A matrix as the evaluators walk it: rows of (column, value) entries. */
export interface RowMatrix {
  readonly rows: number
  readonly cols: number
  readonly entries: readonly MatrixRow[]
}

export interface QuantisedMatrix extends RowMatrix {
  /** Real value of one integer unit. */
  readonly step: number
}

/** The largest qmax such that a row of `cols` int8 × int16 products stays under 2^30 (room for a bias). */
export function inputQmax(cols: number): number {
  return Math.min(32767, Math.floor(2 ** 30 / (127 * cols)))
}

/** The input quantiser fitted to the training rows: offset 0, scale 2^e[j]. */
export function fitPowerOfTwoQuant(data: LabelledTable): FeatureQuant {
  const qmax = inputQmax(data.cols)
  const scale = columnMaxAbs(data.x, data.rows, data.cols).map(
    (m) => 2 ** (m > 0 ? Math.max(-60, Math.min(60, Math.floor(Math.log2(qmax / 2 / m)))) : 0),
  )
  return { bits: 16, offset: scale.map(() => 0), scale }
}

/** The exponents e[j] of a power-of-two quantiser. */
export function quantExponents(quant: FeatureQuant): number[] {
  return quant.scale.map((s) => Math.round(Math.log2(s)))
}

/** A stored power-of-two quantiser: 16 bits, zero offsets, scales 2^e with |e| ≤ 60. */
export const powerOfTwoQuantSchema = featureQuantSchema.refine(
  (q) =>
    q.bits === 16 &&
    q.offset.every((o) => o === 0) &&
    q.scale.every((s) => Number.isInteger(Math.log2(s)) && Math.abs(Math.log2(s)) <= 60),
  'the input quantiser must have 16 bits, zero offsets and power-of-two scales',
)

/** round(x·2^e) clamped to ±qmax: the studio's quantizeValue with offset 0 (exact: a power-of-two product). */
export function quantiseInput(row: Float32Array, exponents: readonly number[], qmax: number): Int32Array {
  return Int32Array.from(row, (x, j) => quantizeValue(x, 0, 2 ** exponents[j]!, qmax))
}

export function rowMatrix(m: StoredMatrix): RowMatrix {
  return { rows: m.rows, cols: m.cols, entries: rowsOf(m) }
}

/** int8 form of `m`, each value first multiplied by `colFactor[col]` (e.g. 2^−e to act on quantised inputs). */
export function quantiseMatrix(m: StoredMatrix, colFactor?: readonly number[]): QuantisedMatrix {
  const rows = rowsOf(m)
  const scaled = rows.map((r) => r.values.map((v, i) => v * (colFactor?.[r.cols[i]!] ?? 1)))
  const largest = Math.max(0, ...scaled.flatMap((r) => r.map(Math.abs)))
  const step = largest > 0 ? largest / 127 : 1
  const entries = rows.map((r, ri) => {
    const cols: number[] = []
    const values: number[] = []
    scaled[ri]!.forEach((v, i) => {
      const q = Math.max(-127, Math.min(127, Math.round(v / step)))
      if (q !== 0) {
        cols.push(r.cols[i]!)
        values.push(q)
      }
    })
    return { cols, values }
  })
  return { rows: m.rows, cols: m.cols, entries, step }
}

/** Non-zero entries of a row matrix. */
export function nonZeros(m: RowMatrix): number {
  return m.entries.reduce((n, r) => n + r.cols.length, 0)
}

/** Σ value·x[col] over one row: exact integer sums for the fixed evaluators. */
export function rowDotInt(row: MatrixRow, x: ArrayLike<number>): number {
  let acc = 0
  for (let i = 0; i < row.cols.length; i++) acc += row.values[i]! * x[row.cols[i]!]!
  return acc
}

/** Σ value·x[col] over one row in float32, in increasing column order (the C's order). */
export function rowDotF32(row: MatrixRow, x: ArrayLike<number>): number {
  let acc = 0
  for (let i = 0; i < row.cols.length; i++)
    acc = Math.fround(acc + Math.fround(row.values[i]! * x[row.cols[i]!]!))
  return acc
}
