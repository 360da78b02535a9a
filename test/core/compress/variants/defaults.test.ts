import { describe, expect, it } from 'vitest'
import { settingsFor, withDefaults } from '../../../../src/core/compress/variants/defaults'
import { DEFAULT_TRAIN_SETTINGS } from '../../../../src/core/train/settings'

describe('compression defaults', () => {
  it('fill every option a request leaves out, as docs/compression.md lists them', () => {
    expect(withDefaults({})).toEqual({
      calibration: 'minmax',
      percentile: 99.99,
      perChannelDense: false,
      sparsity: 0.5,
      filters: 0,
      temperature: 4,
      alpha: 0.5,
      width: 0.5,
      bits: 4,
    })
  })

  it('keep what the request sets, and prune no weights by magnitude when only filters are removed', () => {
    expect(withDefaults({ bits: 3, name: 'x', from: 'v-a' })).toMatchObject({
      bits: 3,
      name: 'x',
      from: 'v-a',
    })
    expect(withDefaults({ filters: 0.25 })).toMatchObject({ filters: 0.25, sparsity: 0 })
    expect(withDefaults({ filters: 0.25, sparsity: 0.8 })).toMatchObject({ filters: 0.25, sparsity: 0.8 })
  })

  it("fine-tune each method from the design's settings: QAT 10 epochs at a tenth of its rate, distillation as trained", () => {
    const t = { ...DEFAULT_TRAIN_SETTINGS, epochs: 40, learningRate: 0.01 }
    expect(settingsFor('qat', {}, t)).toEqual({
      epochs: 10,
      batchSize: t.batchSize,
      learningRate: 0.001,
      seed: t.seed,
    })
    expect(settingsFor('prune', {}, t)).toMatchObject({ epochs: 30, learningRate: 0.005 })
    expect(settingsFor('cluster', {}, t)).toMatchObject({ epochs: 10, learningRate: 0.001 })
    expect(settingsFor('distill', {}, t)).toMatchObject({ epochs: 40, learningRate: 0.01 })
    expect(settingsFor('qat', { epochs: 3, learningRate: 0.2 }, t)).toMatchObject({
      epochs: 3,
      learningRate: 0.2,
    })
  })
})
