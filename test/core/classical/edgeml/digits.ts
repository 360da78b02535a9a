import type { LabelledTable } from '../../../../src/core/classical/learner'
import { generateDigitsTable } from '../../../../src/core/demo/digits'

/** The digits demo table (64 features, 10 classes) split into its training and testing rows. */
export function digitsSplit(perClass: number, seed?: number): { train: LabelledTable; test: LabelledTable } {
  const t = generateDigitsTable({ perClass, ...(seed === undefined ? {} : { seed }) })
  const part = (category: 'training' | 'testing'): LabelledTable => {
    const rows = Array.from({ length: t.rows }, (_, r) => r).filter((r) => t.category[r] === category)
    const x = new Float32Array(rows.length * t.features)
    rows.forEach((r, i) => x.set(t.x.subarray(r * t.features, (r + 1) * t.features), i * t.features))
    return { x, rows: rows.length, cols: t.features, y: Int32Array.from(rows, (r) => t.y[r]!), classes: 10 }
  }
  return { train: part('training'), test: part('testing') }
}
