import { beforeAll, describe, expect, it } from 'vitest'
import { selectTrainingBackend } from '../../../../src/core/train/backend-choice'
import { gestureSamples, gesturesDesign } from '../../../../src/main/services/demo/demo-samples'
import { demoAgreement } from './demo-agreement'

beforeAll(async () => {
  await selectTrainingBackend('auto')
})

/** ±4 g over int16, the MPU-6050's 8192 LSB/g: what the fixed build reads from an accelerometer. */
const accelerometerLsb = 9.80665 / 8192

describe('the C feature blocks classify the demos like the TypeScript ones', () => {
  it('gestures: the same class for ≥ 99 % of the test windows, from float and from fixed-point C features', async () => {
    const samples = gestureSamples(new Date('2026-01-01T00:00:00.000Z'))
    const values = new Map(samples.map((s) => [s.meta.id, s.values]))
    const result = await demoAgreement(
      gesturesDesign(samples),
      { samples: samples.map((s) => s.meta), load: async (id) => values.get(id)! },
      values,
      accelerometerLsb,
    )
    console.log('gestures', JSON.stringify(result))
    expect(result.windows).toBeGreaterThan(400)
    expect(result.tsAccuracy).toBeGreaterThan(0.8)
    expect(result.agree.float).toBeGreaterThanOrEqual(0.99)
    expect(result.agree.fixed).toBeGreaterThanOrEqual(0.99)
  })
})
