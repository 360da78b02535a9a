import { describe, expect, it } from 'vitest'
import type { Sample } from '../../src/shared/api/dataset'
import { sampleSeries } from '../../src/renderer/charts/plot-data'

function ramp(length: number, axes = 2): Sample {
  const values = new Float32Array(length * axes)
  for (let t = 0; t < length; t++) for (let a = 0; a < axes; a++) values[t * axes + a] = (a + 1) * t
  return {
    meta: {
      id: 's-test',
      kind: 'timeseries',
      label: 'x',
      category: 'training',
      rateHz: 100,
      axes: Array.from({ length: axes }, (_, a) => ({ name: `a${a}`, unit: '' })),
      length,
      source: 'test',
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    values,
  }
}

describe('sampleSeries', () => {
  it('keeps every point of a short sample, x in seconds', () => {
    const [xs, a0, a1] = sampleSeries(ramp(5))
    expect(Array.from(xs)).toEqual([0, 0.01, 0.02, 0.03, 0.04])
    expect(Array.from(a0!)).toEqual([0, 1, 2, 3, 4])
    expect(Array.from(a1!)).toEqual([0, 2, 4, 6, 8])
  })

  it('reduces a long sample to a min/max envelope of equal buckets, so peaks stay visible', () => {
    const sample = ramp(1000)
    sample.values[2 * 503] = 5000 // a spike on axis 0 inside bucket 50 (frames 500–509)
    const [xs, a0] = sampleSeries(sample, 200)
    expect(xs.length).toBe(200)
    expect(a0![0]).toBe(0) // bucket 0: frames 0–9
    expect(a0![1]).toBe(9)
    expect(a0![2 * 50]).toBe(500)
    expect(a0![2 * 50 + 1]).toBe(5000)
    expect(xs[2 * 50]).toBeCloseTo(5.0, 10)
  })
})
