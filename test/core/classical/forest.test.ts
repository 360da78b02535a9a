import { describe, expect, it } from 'vitest'
import { forestLearner } from '../../../src/core/classical/forest/forest'
import type { AnyLearnerDef } from '../../../src/core/classical/registry'
import { TrainErrorCode } from '../../../src/shared/api/train'
import { blobs, noise } from './datasets'
import { commonLearnerCases, failureCode, trained } from './learner-cases'

const def = forestLearner as AnyLearnerDef

describe('random forest', () => {
  commonLearnerCases(def, { xorAtLeast: 0.95 })

  it('scores are the votes of its trees', () => {
    const data = blobs(20)
    const model = trained(def, data, { trees: 7 })
    const scores = def.scores(model, data.x.subarray(0, 2), 'fixed')
    expect(Array.from(scores).reduce((a, b) => a + b, 0)).toBe(7)
  })

  it('keeps all its trees within a byte budget', () => {
    const data = noise(500)
    for (const budgetBytes of [300, 1000, 2048]) {
      const model = trained(def, data, { trees: 5, budgetBytes })
      expect(def.size(model, 'fixed').flashBytes).toBeLessThanOrEqual(budgetBytes)
      expect(def.size(model, 'fixed').flashBytes).toBeGreaterThan(budgetBytes / 2)
    }
  })

  it('refuses a budget too small for one split per tree', () => {
    expect(failureCode(() => trained(def, blobs(10), { trees: 20, budgetBytes: 50 }))).toBe(
      TrainErrorCode.ClassicalBudget,
    )
  })
})
