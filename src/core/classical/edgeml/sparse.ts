import { z } from 'zod'

/**
 * Sparse matrices of the EdgeML models: as stored in a model's JSON (flat row-major indices of the non-zero
 * entries, float32 values), and as laid out in the generated C. In C a matrix is either dense (rows·cols
 * values) or compressed by rows: a count per row, then a column index and a value per non-zero entry, read
 * with a cursor that only moves forward (the evaluators visit rows in increasing order). Counts and indices
 * are uint8 when the matrix has at most 255 columns, uint16 otherwise. The layout is whichever is smaller.
 */
export interface StoredMatrix {
  readonly rows: number
  readonly cols: number
  /** Row-major flat indices (row·cols + col) of the non-zero entries, increasing. */
  readonly index: readonly number[]
  /** Their float32 values. */
  readonly value: readonly number[]
}

export const storedMatrixSchema = z
  .object({
    rows: z.number().int().min(1),
    cols: z.number().int().min(1),
    index: z.array(z.number().int().min(0)),
    value: z.array(z.number().finite()),
  })
  .refine((m) => m.index.length === m.value.length, 'index and value differ in length')
  .refine(
    (m) => m.index.every((v, i) => v < m.rows * m.cols && (i === 0 || v > m.index[i - 1]!)),
    'indices must increase and stay inside the matrix',
  )

/** A dense row-major matrix as stored: its non-zero entries, values rounded to float32. */
export function toStored(dense: ArrayLike<number>, rows: number, cols: number): StoredMatrix {
  const index: number[] = []
  const value: number[] = []
  for (let i = 0; i < rows * cols; i++) {
    const v = Math.fround(dense[i]!)
    if (v !== 0) {
      index.push(i)
      value.push(v)
    }
  }
  return { rows, cols, index, value }
}

export function toDense(m: StoredMatrix): Float64Array {
  const out = new Float64Array(m.rows * m.cols)
  m.index.forEach((at, i) => (out[at] = m.value[i]!))
  return out
}

/** Bytes of a count or column index. */
export function countBytes(cols: number): 1 | 2 {
  return cols <= 255 ? 1 : 2
}

export type MatrixLayout = 'dense' | 'sparse'

/** The smaller C layout of a rows×cols matrix with `nnz` non-zero values of `valueBytes` each (ties: dense). */
export function matrixLayout(
  rows: number,
  cols: number,
  nnz: number,
  valueBytes: number,
): { readonly layout: MatrixLayout; readonly bytes: number } {
  const dense = rows * cols * valueBytes
  const cb = countBytes(cols)
  const sparse = rows * cb + nnz * (cb + valueBytes)
  return sparse < dense ? { layout: 'sparse', bytes: sparse } : { layout: 'dense', bytes: dense }
}

/** Entries of row r as parallel arrays (column, value), from a stored matrix. */
export function rowsOf(m: StoredMatrix): { cols: number[]; values: number[] }[] {
  const out = Array.from({ length: m.rows }, () => ({ cols: [] as number[], values: [] as number[] }))
  m.index.forEach((at, i) => {
    const row = out[Math.floor(at / m.cols)]!
    row.cols.push(at % m.cols)
    row.values.push(m.value[i]!)
  })
  return out
}

/** The transpose, as stored. */
export function transposed(m: StoredMatrix): StoredMatrix {
  const dense = toDense(m)
  const t = new Float64Array(dense.length)
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) t[c * m.rows + r] = dense[r * m.cols + c]!
  return toStored(t, m.cols, m.rows)
}
