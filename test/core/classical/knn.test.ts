import { describe, expect, it } from 'vitest'
import { knnLearner } from '../../../src/core/classical/knn/knn'
import type { KnnModel } from '../../../src/core/classical/knn/knn'
import type { AnyLearnerDef } from '../../../src/core/classical/registry'
import { TrainErrorCode } from '../../../src/shared/api/train'
import { blobs, noise } from './datasets'
import { commonLearnerCases, failureCode, trained } from './learner-cases'

const def = knnLearner as AnyLearnerDef

describe('k-nearest neighbours over prototypes', () => {
  commonLearnerCases(def, { xorAtLeast: 0.95 })

  it('keeps every training row with selection "all", and then classifies them all right with k = 1', () => {
    const data = noise(200)
    const model = trained(def, data, { selection: 'all' }) as KnnModel
    expect(model.labels.length).toBe(200)
    let right = 0
    for (let r = 0; r < data.rows; r++) {
      if (def.predict(model, data.x.subarray(r * 3, r * 3 + 3), 'float') === data.y[r]) right++
    }
    expect(right).toBe(200)
  })

  it('summarises each class by as many k-means prototypes as the budget holds', () => {
    const data = blobs(50)
    const model = trained(def, data, { budgetBytes: 100, prototypesPerClass: 64 }) as KnnModel
    expect(def.size(model, 'fixed').flashBytes).toBeLessThanOrEqual(100)
    expect(model.labels.length).toBe(3 * Math.floor((100 - 16) / 3 / 3))
  })

  it('gives k votes, nearest prototypes first', () => {
    const data = blobs(30)
    const model = trained(def, data, { k: 5 })
    const votes = Array.from(def.scores(model, data.x.subarray(0, 2), 'fixed'))
    expect(votes.reduce((a, b) => a + b, 0)).toBe(5)
  })

  it('refuses a budget below one prototype per class', () => {
    expect(failureCode(() => trained(def, blobs(10), { budgetBytes: 10 }))).toBe(
      TrainErrorCode.ClassicalBudget,
    )
  })
})
