import { beforeAll, describe, expect, it } from 'vitest'
import type { SampleMeta } from '../../../../src/core/dataset/sample'
import { GESTURE_AXES, GESTURE_RATE_HZ, generateGestureDataset } from '../../../../src/core/demo/gestures'
import { selectTrainingBackend } from '../../../../src/core/train/backend-choice'
import { suggestDesign } from '../../../../src/core/train/suggest'
import { demoAgreement } from './demo-agreement'

beforeAll(async () => {
  await selectTrainingBackend('auto')
})

/** ±4 g over int16, the MPU-6050's 8192 LSB/g: what the fixed build reads from an accelerometer. */
const accelerometerLsb = 9.80665 / 8192

describe('the C feature blocks classify the demos like the TypeScript ones', () => {
  it('gestures: the same class for ≥ 99 % of the test windows, from float and from fixed-point C features', async () => {
    const recordings = generateGestureDataset()
    const samples: SampleMeta[] = recordings.map((r) => ({
      id: `g-${r.label}-${r.index}`,
      kind: 'timeseries',
      label: r.label,
      category: r.category,
      rateHz: GESTURE_RATE_HZ,
      axes: GESTURE_AXES.map((name) => ({ name, unit: 'm/s²' })),
      length: r.values.length / 3,
      source: 'test',
      createdAt: '2026-01-01T00:00:00.000Z',
    }))
    const values = new Map(samples.map((s, i) => [s.id, recordings[i]!.values]))
    const design = suggestDesign(samples, 'dense-mlp')
    const result = await demoAgreement(
      design,
      { samples, load: async (id) => values.get(id)! },
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
