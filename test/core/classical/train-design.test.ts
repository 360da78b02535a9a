import { describe, expect, it } from 'vitest'
import { runClassicalTraining } from '../../../src/core/classical/train-design'
import { designHash, parseProjectDesign } from '../../../src/core/train/design'
import { TrainErrorCode } from '../../../src/shared/api/train'
import { quickDesign, silentContext, smallGestures } from '../train/fixtures'
import { failureCode } from './learner-cases'

const { source } = smallGestures()

describe('a design with a classical learner', () => {
  it('keeps the learner through parsing, and the learner changes the design hash', () => {
    const design = quickDesign(source)
    const withLearner = parseProjectDesign({ ...design, learner: { kind: 'gbt', params: { rounds: 5 } } })
    expect(withLearner.learner).toEqual({ kind: 'gbt', params: { rounds: 5 } })
    expect(designHash(withLearner)).not.toBe(designHash(design))
  })

  it('is invalid when the learner is unknown or its settings are out of range', () => {
    const design = quickDesign(source)
    expect(failureCode(() => parseProjectDesign({ ...design, learner: { kind: 'svm' } }))).toBe(
      TrainErrorCode.InvalidDesign,
    )
    expect(() => parseProjectDesign({ ...design, learner: { kind: 'knn', params: { k: 0 } } })).toThrow(
      /learner is invalid: The knn settings are not valid: k/,
    )
  })

  it('trains the learner on the design’s features and tests it on the test split in both numeric modes', async () => {
    const design = parseProjectDesign({ ...quickDesign(source), learner: { kind: 'cart', params: {} } })
    const { trained, metrics } = await runClassicalTraining(design, source, silentContext())
    expect(trained.kind).toBe('cart')
    expect(metrics.testWindows).toBe(25)
    expect(metrics.testAccuracy.float).toBeGreaterThan(0.6) // chance is 0.2
    expect(metrics.testAccuracy.fixed).toBeGreaterThan(0.6)
    expect(metrics.size.fixed.flashBytes).toBeGreaterThan(0)
  })
})
