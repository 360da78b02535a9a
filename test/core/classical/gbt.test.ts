import { describe, expect, it } from 'vitest'
import { gbtLearner } from '../../../src/core/classical/gbt/gbt'
import type { AnyLearnerDef } from '../../../src/core/classical/registry'
import { TrainErrorCode } from '../../../src/shared/api/train'
import { blobs, noise, xor } from './datasets'
import { accuracy } from './datasets'
import { commonLearnerCases, failureCode, trained } from './learner-cases'

const def = gbtLearner as AnyLearnerDef

describe('gradient-boosted trees', () => {
  commonLearnerCases(def, { xorAtLeast: 0.95 })

  it('fits the training data better with more rounds', () => {
    const data = xor(300)
    const few = trained(def, data, { rounds: 1, maxLeaves: 2 })
    const many = trained(def, data, { rounds: 20, maxLeaves: 4 })
    const acc = (m: unknown) => accuracy(data, (row) => def.predict(m, row, 'float'))
    expect(acc(many)).toBeGreaterThan(acc(few))
  })

  it('stops boosting at the last round within the byte budget', () => {
    const data = noise(400)
    const unlimited = trained(def, data, { rounds: 40 }) as { trees: unknown[] }
    const model = trained(def, data, { rounds: 40, budgetBytes: 1500 }) as { trees: unknown[] }
    expect(def.size(model, 'fixed').flashBytes).toBeLessThanOrEqual(1500)
    expect(model.trees.length).toBeLessThan(unlimited.trees.length)
  })

  it('refuses a budget smaller than one round', () => {
    expect(failureCode(() => trained(def, blobs(10), { budgetBytes: 20 }))).toBe(
      TrainErrorCode.ClassicalBudget,
    )
  })
})
