import { describe, expect, it } from 'vitest'
import { protoNNLearner } from '../../../src/core/classical/protonn'
import { cachedFixedForm, DIFF_MAX } from '../../../src/core/classical/protonn/fixed'
import { trainClassical } from '../../../src/core/classical/registry'
import { TrainErrorCode } from '../../../src/shared/api/train'
import { accuracy, blobs, xor } from './datasets'
import { budgetCases, tooManyClasses } from './edgeml/budget-cases'
import { commonLearnerCases, failureCode } from './learner-cases'

describe('ProtoNN', () => {
  commonLearnerCases(protoNNLearner, { xorAtLeast: 0.95 })

  it('puts the prototypes of each class on its own blob, with one-hot-like label vectors', () => {
    const data = blobs(40)
    const model = protoNNLearner.train(data, protoNNLearner.paramsSchema.parse({ prototypesPerClass: 1 }), 3)
    expect(model.prototypes).toBe(3)
    const best = (k: number) => {
      const column = Array.from({ length: 3 }, (_, c) => {
        const at = model.Z.index.indexOf(c * model.prototypes + k)
        return at < 0 ? 0 : model.Z.value[at]!
      })
      return column.indexOf(Math.max(...column))
    }
    expect([0, 1, 2].map(best).sort()).toEqual([0, 1, 2])
  })

  it('needs two prototypes per class for XOR: one per class is not enough', () => {
    const data = xor(400)
    const one = protoNNLearner.train(data, protoNNLearner.paramsSchema.parse({ prototypesPerClass: 1 }), 7)
    const two = protoNNLearner.train(data, protoNNLearner.paramsSchema.parse({ prototypesPerClass: 2 }), 7)
    expect(accuracy(data, (row) => protoNNLearner.predict(one, row, 'float'))).toBeLessThan(0.9)
    expect(accuracy(data, (row) => protoNNLearner.predict(two, row, 'float'))).toBeGreaterThanOrEqual(0.95)
  })

  it('drops coordinate differences only where the kernel is already zero (dCut ≤ 2047²)', () => {
    for (const data of [blobs(40), xor(300)]) {
      const model = protoNNLearner.train(data, protoNNLearner.paramsSchema.parse({}), 2)
      expect(cachedFixedForm(model).dCut).toBeLessThanOrEqual(DIFF_MAX * DIFF_MAX)
    }
  })

  budgetCases(protoNNLearner, { projection: 8, prototypesPerClass: 3 }, [200, 320, 500, 900])

  it('refuses a budget below its smallest model with ClassicalBudget', () => {
    const code = failureCode(() => trainClassical('protonn', blobs(10), { budgetBytes: 20 }, 1))
    expect(code).toBe(TrainErrorCode.ClassicalBudget)
  })

  it('refuses more than 255 classes, which its C cannot count, with ClassicalBadParams', () => {
    expect(failureCode(() => trainClassical('protonn', tooManyClasses(), {}, 1))).toBe(
      TrainErrorCode.ClassicalBadParams,
    )
  })

  it('refuses a stored model whose input quantiser is not a power-of-two one, or whose matrices disagree', () => {
    const model = protoNNLearner.train(blobs(10), protoNNLearner.paramsSchema.parse({ epochs: 3 }), 1)
    const json = JSON.parse(JSON.stringify(model)) as { quant: { scale: number[] }; B: number[] }
    expect(protoNNLearner.parseModel(json)).toEqual(model)
    json.quant.scale[0] = 3
    expect(failureCode(() => protoNNLearner.parseModel(json))).toBe(TrainErrorCode.ClassicalModelDamaged)
    const short = { ...JSON.parse(JSON.stringify(model)), B: model.B.slice(1) }
    expect(failureCode(() => protoNNLearner.parseModel(short))).toBe(TrainErrorCode.ClassicalModelDamaged)
  })
})
