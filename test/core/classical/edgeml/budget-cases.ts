import { expect, it } from 'vitest'
import type { AnyLearnerDef } from '../../../../src/core/classical/registry'
import { trainClassical } from '../../../../src/core/classical/registry'
import { createRng } from '../../../../src/core/train/random'
import type { LabelledTable } from '../../../../src/core/classical/learner'

/**
 * The byte-budget checks of the EdgeML learners: on a 20-feature, 4-class table, for each budget the model
 * (fixed and float budgets) takes at most that many bytes of flash in the budget's numeric mode, and a
 * bigger budget never gives a model with fewer non-zero bytes.
 */
function table(rows = 240, cols = 20, classes = 4): LabelledTable {
  const rng = createRng(11)
  const centres = Array.from({ length: classes }, () => Array.from({ length: cols }, () => rng.normal() * 2))
  const x = new Float32Array(rows * cols)
  const y = new Int32Array(rows)
  for (let r = 0; r < rows; r++) {
    y[r] = r % classes
    for (let c = 0; c < cols; c++) x[r * cols + c] = centres[y[r]!]![c]! + rng.normal()
  }
  return { x, rows, cols, y, classes }
}

export function budgetCases(
  def: AnyLearnerDef,
  params: Record<string, unknown>,
  budgets: readonly number[],
): void {
  const data = table()
  for (const numeric of ['fixed', 'float'] as const) {
    const scale = numeric === 'fixed' ? 1 : 3
    it(`keeps the model within ${budgets.map((b) => b * scale).join(', ')} bytes (${numeric} budget)`, () => {
      const sizes = budgets.map((b) => {
        const budgetBytes = b * scale
        const model = trainClassical(
          def.kind,
          data,
          { ...params, epochs: 6, budgetBytes, budgetNumeric: numeric },
          1,
        ).model
        const { flashBytes } = def.size(model, numeric)
        expect(flashBytes).toBeLessThanOrEqual(budgetBytes)
        return flashBytes
      })
      expect(sizes[sizes.length - 1]!).toBeGreaterThan(sizes[0]!)
    })
  }
}

/** Two rows labelled 0 and 299 of 300 classes: more than the generated C's uint8 class count allows. */
export function tooManyClasses(): LabelledTable {
  return { x: Float32Array.from([0, 1, 1, 0]), rows: 2, cols: 2, y: Int32Array.from([0, 299]), classes: 300 }
}
