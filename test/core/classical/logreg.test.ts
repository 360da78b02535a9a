import { describe, expect, it } from 'vitest'
import { logregLearner } from '../../../src/core/classical/logreg/logreg'
import type { LogregModel } from '../../../src/core/classical/logreg/logreg'
import type { AnyLearnerDef } from '../../../src/core/classical/registry'
import { TrainErrorCode } from '../../../src/shared/api/train'
import { blobs } from './datasets'
import { commonLearnerCases, failureCode, trained } from './learner-cases'

const def = logregLearner as AnyLearnerDef

describe('multinomial logistic regression', () => {
  // A linear model cannot do better than about three quarters on XOR.
  commonLearnerCases(def, { xorAtMost: 0.8 })

  it('learns a one-feature threshold at the right place', () => {
    const values = Array.from({ length: 40 }, (_, i) => i / 4)
    const data = {
      x: Float32Array.from(values),
      rows: 40,
      cols: 1,
      y: Int32Array.from(values.map((v) => (v >= 5 ? 1 : 0))),
      classes: 2,
    }
    const model = trained(def, data, { epochs: 2000, learningRate: 0.1, l2: 0 })
    expect(def.predict(model, Float32Array.of(4.25), 'float')).toBe(0)
    expect(def.predict(model, Float32Array.of(5.75), 'float')).toBe(1)
  })

  it('falls back to 8-bit weights when 16-bit ones exceed the budget', () => {
    const data = blobs(20)
    const model = trained(def, data, { budgetBytes: 34 }) as LogregModel
    expect(model.weightBits).toBe(8)
    expect(def.size(model, 'fixed').flashBytes).toBeLessThanOrEqual(34)
  })

  it('refuses a budget too small for 8-bit weights', () => {
    expect(failureCode(() => trained(def, blobs(10), { budgetBytes: 20 }))).toBe(
      TrainErrorCode.ClassicalBudget,
    )
  })
})
