import { TrainErrorCode } from '../../../src/shared/api/train'
import { describe, expect, it } from 'vitest'
import type { SampleMeta } from '../../../src/core/dataset/sample'
import { parseFeatureDesign } from '../../../src/core/dsp'
import { prepareData, splitValidation } from '../../../src/core/train/data-pipeline'
import { quickDesign, smallGestures } from './fixtures'

function sourceWith(change: (samples: SampleMeta[]) => SampleMeta[]) {
  const { source } = smallGestures()
  return { ...source, samples: change([...source.samples]) }
}

async function failureOf(samples: (s: SampleMeta[]) => SampleMeta[], training: Record<string, unknown> = {}) {
  const base = smallGestures().source
  const design = quickDesign(base, training)
  try {
    await prepareData(design, sourceWith(samples))
  } catch (error) {
    return error as { code: number; message: string }
  }
  throw new Error('expected a failure')
}

describe('the bad-input checks before training', () => {
  it('refuses an empty label, naming the sample', async () => {
    const e = await failureOf((s) => s.map((m, i) => (i === 2 ? { ...m, label: ' ' } : m)))
    expect(e.code).toBe(TrainErrorCode.BadLabel)
    expect(e.message).toMatch(/1 sample has an empty label: g-idle-2/)
  })

  it('refuses a label the design does not list, saying where to add it', async () => {
    const e = await failureOf((s) => s.map((m, i) => (i === 0 ? { ...m, label: 'jump' } : m)))
    expect(e.code).toBe(TrainErrorCode.BadLabel)
    expect(e.message).toMatch(/"jump".*Output block/)
  })

  it('refuses a class with too few training windows', async () => {
    // each 4 s recording gives 5 windows of 2 s every 0.5 s; 3 training recordings of "wave" → 15 windows
    const e = await failureOf((s) => s, { minWindowsPerClass: 16 })
    expect(e.code).toBe(TrainErrorCode.TooFewWindows)
    expect(e.message).toMatch(/Class "circle" has 15 training windows; training needs at least 16/)
  })

  it('refuses a class absent from the test split', async () => {
    const e = await failureOf((s) => s.map((m) => (m.label === 'shake' ? { ...m, category: 'training' } : m)))
    expect(e.code).toBe(TrainErrorCode.MissingTestClass)
    expect(e.message).toMatch(/"shake" has no samples in the test split.*Move some/)
  })

  it('refuses samples with another rate or other axes than the design, naming one', async () => {
    const rate = await failureOf((s) => s.map((m, i) => (i === 3 ? { ...m, rateHz: 100 } : m)))
    expect(rate.code).toBe(TrainErrorCode.InputMismatch)
    expect(rate.message).toMatch(
      /1 sample does not match the design's input \(timeseries, 62.5 Hz, axes accX, accY, accZ\): g-idle-3 .* is timeseries, 100 Hz/,
    )
    const axes = await failureOf((s) =>
      s.map((m, i) => (i === 1 ? { ...m, axes: [m.axes[0]!, m.axes[1]!] } : m)),
    )
    expect(axes.message).toMatch(/axes accX, accY\./)
  })

  it('refuses a window longer than a sample, with the longest window that fits', async () => {
    // 1.5 s = 94 frames at 62.5 Hz (93.75 rounded up), shorter than the 2 s window
    const e = await failureOf((s) => s.map((m, i) => (i === 4 ? { ...m, length: 94 } : m)))
    expect(e.code).toBe(TrainErrorCode.WindowTooLong)
    expect(e.message).toMatch(
      /The 2000 ms window is longer than 1 sample, e.g. g-wave-0 .* of 1504 ms\. Shorten the window to at most 1504 ms/,
    )
  })

  it('refuses features with infinite values, naming the sample and the likely setting', async () => {
    const { source } = smallGestures()
    const base = quickDesign(source)
    const design = {
      ...base,
      features: parseFeatureDesign({
        window: base.features.window,
        blocks: [{ block: 'raw', params: { scale: 1e39 } }],
      }),
    }
    await expect(prepareData(design, source)).rejects.toMatchObject({
      code: TrainErrorCode.NonFiniteFeatures,
      message: expect.stringMatching(
        /features of sample g-idle-\d \("idle", window 1\) contain NaN or infinite values.*extreme scale/,
      ),
    })
  })

  it('refuses a project with no samples', async () => {
    const e = await failureOf(() => [])
    expect(e.code).toBe(TrainErrorCode.NoData)
  })
})

describe('the data pipeline', () => {
  it('splits validation by whole samples, per label, seeded', () => {
    const { source } = smallGestures(6, 4, 1)
    const design = quickDesign(source, { validationFraction: 0.4 })
    const a = splitValidation(design, source.samples)
    // 5 training recordings per label, round(5 · 0.4) = 2 to validation
    expect(a.validation.length).toBe(10)
    for (const label of design.labels) expect(a.validation.filter((s) => s.label === label)).toHaveLength(2)
    expect(splitValidation(design, source.samples).validation.map((s) => s.id)).toEqual(
      a.validation.map((s) => s.id),
    )
    const other = splitValidation({ ...design, training: { ...design.training, seed: 2 } }, source.samples)
    expect(other.validation.map((s) => s.id)).not.toEqual(a.validation.map((s) => s.id))
  })

  it('computes one feature row per window, and augmented copies of training windows only, per draw', async () => {
    const { source } = smallGestures(4, 4, 1)
    const plain = await prepareData(quickDesign(source, { validationFraction: 0 }), source)
    // 5 labels × 3 training recordings × 5 windows; 5 × 1 test recordings × 5 windows
    expect([plain.train.count, plain.validation.count, plain.test.count]).toEqual([75, 0, 25])
    expect(plain.train.featureShape).toEqual([42]) // 3 axes × (3 stats + 3 peaks × 2 + 5 bands)
    const augmented = await prepareData(
      quickDesign(source, { validationFraction: 0, augmentation: { copies: 2, noise: 0.1 } }),
      source,
    )
    expect([augmented.train.count, augmented.test.count]).toEqual([75, 25])
    const copies = augmented.augmented!.copies(0)
    expect(copies.count).toBe(150)
    expect(copies.refs.every((r) => r.copy > 0)).toBe(true)
    expect(augmented.test.features).toEqual(plain.test.features)
  })
})
