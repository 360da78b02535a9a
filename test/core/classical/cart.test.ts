import { describe, expect, it } from 'vitest'
import { cartLearner } from '../../../src/core/classical/cart/cart'
import type { AnyLearnerDef } from '../../../src/core/classical/registry'
import { TrainErrorCode } from '../../../src/shared/api/train'
import { blobs, noise } from './datasets'
import { commonLearnerCases, failureCode, trained } from './learner-cases'

const def = cartLearner as AnyLearnerDef

describe('CART decision tree', () => {
  commonLearnerCases(def, { xorAtLeast: 0.97 })

  it('keeps the model data within a byte budget, and uses it', () => {
    const data = noise(600)
    for (const budgetBytes of [40, 120, 400]) {
      const model = trained(def, data, { budgetBytes })
      const size = def.size(model, 'fixed').flashBytes
      expect(size).toBeLessThanOrEqual(budgetBytes)
      expect(size).toBeGreaterThan(budgetBytes / 2)
    }
  })

  it('says how many bytes the smallest tree needs when the budget is below it', () => {
    expect(failureCode(() => trained(def, blobs(10), { budgetBytes: 8 }))).toBe(
      TrainErrorCode.ClassicalBudget,
    )
  })

  it('splits exactly between neighbouring training values', () => {
    const data = {
      x: Float32Array.from([1, 2, 3, 4]),
      rows: 4,
      cols: 1,
      y: Int32Array.from([0, 0, 1, 1]),
      classes: 2,
    }
    const model = trained(def, data) as { tree: { threshold: number[]; feature: number[] } }
    expect(model.tree.feature[0]).toBe(0)
    expect(model.tree.threshold[0]).toBe(2.5)
  })
})
