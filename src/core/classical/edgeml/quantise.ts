import { rowsOf, type StoredMatrix } from './sparse'

/**
 * Fixed-point forms of the EdgeML models' data.
 *
 * Inputs: feature j is quantised as q = clamp(round(x·2^e[j]), ±qmax) — the studio's per-feature convention
 * (docs/classical.md) with offset 0 and a power-of-two scale, so that the C stores one signed byte per
 * feature instead of two floats (the offsets are folded into the models' biases or prototypes instead).
 * e[j] is the largest exponent that keeps the training rows' largest |x[j]| within qmax/2.
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

/** Per-feature exponents from the training rows' largest magnitudes. */
export function inputExponents(maxAbs: readonly number[], qmax: number): number[] {
  return maxAbs.map((m) => (m > 0 ? Math.max(-60, Math.min(60, Math.floor(Math.log2(qmax / 2 / m)))) : 0))
}

/** round(x·2^e) clamped to ±qmax, computed in float32 as the C does (exact: a power-of-two product). */
export function quantiseInput(row: Float32Array, exponents: readonly number[], qmax: number): Int32Array {
  const out = new Int32Array(row.length)
  for (let j = 0; j < row.length; j++) {
    const v = Math.fround(row[j]! * 2 ** exponents[j]!)
    if (v >= qmax) out[j] = qmax
    else if (v <= -qmax) out[j] = -qmax
    else out[j] = v >= 0 ? Math.trunc(Math.fround(v + 0.5)) : -Math.trunc(Math.fround(-v + 0.5))
  }
  return out
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
