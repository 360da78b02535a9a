import type { LabelledTable } from '../../src/core/classical/learner'
import { DIGITS_CLASSES, generateDigitsTable } from '../../src/core/demo/digits'

/** The digits demo table (src/core/demo/digits.ts, engineer "tabular"), split as the demo splits it. */
export interface DigitsSplit {
  readonly train: LabelledTable
  readonly test: LabelledTable
}

export function digitsSplit(seed?: number): DigitsSplit {
  const table = generateDigitsTable(seed === undefined ? {} : { seed })
  const pick = (category: 'training' | 'testing'): LabelledTable => {
    const rows = table.category.flatMap((c, r) => (c === category ? [r] : []))
    const x = new Float32Array(rows.length * table.features)
    rows.forEach((r, i) =>
      x.set(table.x.subarray(r * table.features, (r + 1) * table.features), i * table.features),
    )
    return {
      x,
      rows: rows.length,
      cols: table.features,
      y: Int32Array.from(rows, (r) => table.y[r]!),
      classes: DIGITS_CLASSES,
    }
  }
  return { train: pick('training'), test: pick('testing') }
}
