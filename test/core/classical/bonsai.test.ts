import { describe, expect, it } from 'vitest'
import { bonsaiLearner } from '../../../src/core/classical/bonsai'
import { trainClassical } from '../../../src/core/classical/registry'
import { TrainErrorCode } from '../../../src/shared/api/train'
import { accuracy, xor } from './datasets'
import { budgetCases, tooManyClasses } from './edgeml/budget-cases'
import { commonLearnerCases, failureCode } from './learner-cases'

describe('Bonsai', () => {
  commonLearnerCases(bonsaiLearner, { xorAtLeast: 0.95 })

  it('learns XOR with a single branching (depth 1) where its root alone cannot', () => {
    const data = xor(400)
    const model = bonsaiLearner.train(data, bonsaiLearner.paramsSchema.parse({ depth: 1, projection: 2 }), 3)
    expect(accuracy(data, (row) => bonsaiLearner.predict(model, row, 'float'))).toBeGreaterThanOrEqual(0.95)
  })

  budgetCases(bonsaiLearner, { projection: 6, depth: 2 }, [260, 400, 700, 1200])

  it('refuses a budget below its smallest model with ClassicalBudget', () => {
    const code = failureCode(() => trainClassical('bonsai', xor(50), { budgetBytes: 20 }, 1))
    expect(code).toBe(TrainErrorCode.ClassicalBudget)
  })

  it('refuses more than 255 classes, which its C cannot count, with ClassicalBadParams', () => {
    expect(failureCode(() => trainClassical('bonsai', tooManyClasses(), {}, 1))).toBe(
      TrainErrorCode.ClassicalBadParams,
    )
  })
})
