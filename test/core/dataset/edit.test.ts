import { describe, expect, it } from 'vitest'
import { cropSample, splitPlan } from '../../../src/core/dataset/edit'
import { DatasetErrorCode } from '../../../src/shared/api/dataset'
import type { Sample } from '../../../src/core/dataset/sample'

const sample: Sample = {
  meta: {
    id: 's-1',
    kind: 'timeseries',
    label: 'walk',
    category: 'training',
    rateHz: 100,
    axes: [
      { name: 'x', unit: '' },
      { name: 'y', unit: '' },
    ],
    length: 250,
    source: 't',
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  values: Float32Array.from({ length: 500 }, (_, i) => i),
}

describe('cropping and splitting samples', () => {
  it('crop keeps whole frames [start, end) of every axis', () => {
    const c = cropSample(sample, 10, 13)
    expect(c.meta.length).toBe(3)
    expect(Array.from(c.values)).toEqual([20, 21, 22, 23, 24, 25])
    expect(c.meta.id).toBe('s-1')
  })

  it('refuses crops outside the sample or keeping nothing, with the dataset edit code', () => {
    for (const [a, b] of [
      [-1, 5],
      [0, 251],
      [5, 5],
    ] as const) {
      expect(() => cropSample(sample, a, b)).toThrow(
        expect.objectContaining({ code: DatasetErrorCode.InvalidEdit }),
      )
    }
  })

  it('splits 2.5 s at 100 Hz into two back-to-back 1 s windows and drops the tail', () => {
    expect(splitPlan(sample.meta, 1000)).toEqual([
      { startFrame: 0, endFrame: 100 },
      { startFrame: 100, endFrame: 200 },
    ])
    expect(splitPlan(sample.meta, 1000, 500)).toHaveLength(4)
    expect(() => splitPlan(sample.meta, 3000)).toThrow(/shorter than one 3000 ms window/)
  })
})
