import { describe, expect, it } from 'vitest'
import { generateDigitsTable } from '../../../src/core/demo/digits'
import type { SampleMeta } from '../../../src/core/dataset/sample'
import {
  parseFeatureDesign,
  rawBlock,
  standardizationOf,
  withStandardization,
  wantsStandardization,
} from '../../../src/core/dsp'
import { buildPreset } from '../../../src/core/model'
import { designHash, type ProjectDesign } from '../../../src/core/train/design'
import { splitValidation } from '../../../src/core/train/data-pipeline'
import { DEFAULT_TRAIN_SETTINGS } from '../../../src/core/train/settings'
import { standardizedDesign } from '../../../src/core/train/standardize-design'

const row = (...v: number[]) => Float32Array.from(v)

function tableDesign(standardize: boolean, axes: number): ProjectDesign {
  return {
    version: 1,
    input: { kind: 'timeseries', rateHz: 1, axes: Array.from({ length: axes }, (_, i) => `f${i}`) },
    features: parseFeatureDesign({
      window: { lengthMs: 1000, strideMs: 1000 },
      blocks: [{ block: 'raw', params: standardize ? { standardize: true } : {} }],
    }),
    labels: ['a', 'b'],
    preset: 'dense-mlp',
    presetWidth: 1,
    model: buildPreset('dense-mlp', [1, axes], 2),
    training: DEFAULT_TRAIN_SETTINGS,
  } as ProjectDesign
}

describe('per-feature standardisation', () => {
  it('is the mean and 1/std (population) of each axis over every frame, rounded to float32', () => {
    // Axis 0: 1, 3, 5, 7 → mean 4, std √5; axis 1: constant 2 → centred only, scale 1.
    const s = standardizationOf([row(1, 2, 3, 2), row(5, 2), row(7, 2)], 2)
    expect(s.offsets).toEqual([4, 2])
    expect(s.axisScales).toEqual([Math.fround(1 / Math.sqrt(5)), 1])
  })

  it('makes the training rows of the digits table zero-mean and unit-variance through the raw block', () => {
    const table = generateDigitsTable({ perClass: 20 })
    const rows = Array.from({ length: table.rows }, (_, r) => table.x.subarray(r * 64, (r + 1) * 64))
    const s = standardizationOf(rows, 64)
    const features = withStandardization(
      parseFeatureDesign({ blocks: [{ block: 'raw', params: { standardize: true } }] }),
      s,
    )
    const params = features.blocks[0]!.params as Parameters<typeof rawBlock.compute>[0]
    const out = rows.map((x) =>
      rawBlock.compute(params, { kind: 'series', frames: 1, axes: 64, rateHz: 1, values: x }),
    )
    for (const pixel of [0, 20, 27, 36, 63]) {
      const v = out.map((o) => o[pixel]!)
      const mean = v.reduce((a, b) => a + b, 0) / v.length
      const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length
      expect(Math.abs(mean)).toBeLessThan(1e-5)
      // An always-blank pixel stays 0 (scale 1); every other has unit variance.
      expect(s.axisScales[pixel] === 1 && variance === 0 ? 1 : variance).toBeCloseTo(1, 4)
    }
  })

  it('leaves blocks that do not ask for it, and designs without it, as they were', () => {
    const plain = parseFeatureDesign({
      blocks: [{ block: 'raw', params: { offsets: [1], axisScales: [2] } }],
    })
    expect(wantsStandardization(plain)).toBe(false)
    expect(withStandardization(plain, { offsets: [9], axisScales: [9] })).toEqual(plain)
    // A raw block saved before the option existed parses without the field, so its hash does not change.
    expect('standardize' in plain.blocks[0]!.params).toBe(false)
  })

  it('does not make a model stale when only the learnt constants differ, but does when the choice does', () => {
    const design = tableDesign(true, 2)
    const learnt = {
      ...design,
      features: withStandardization(design.features, { offsets: [3, 4], axisScales: [0.5, 2] }),
    }
    expect(designHash(learnt)).toBe(designHash(design))
    expect(designHash(tableDesign(false, 2))).not.toBe(designHash(design))
  })

  it('learns the constants from the training split only: validation and test rows are not looked at', async () => {
    const design = tableDesign(true, 2)
    const values = new Map<string, Float32Array>()
    const samples: SampleMeta[] = []
    for (let i = 0; i < 40; i++) {
      const id = `s-${String(i).padStart(3, '0')}`
      const category = i % 5 === 0 ? 'testing' : 'training'
      samples.push({
        id,
        kind: 'timeseries',
        label: i % 2 ? 'a' : 'b',
        category,
        rateHz: 1,
        axes: [
          { name: 'f0', unit: '' },
          { name: 'f1', unit: '' },
        ],
        length: 1,
        source: 't',
        createdAt: '2026-12-08T00:00:00.000Z',
      })
      values.set(id, row(i, 100 - i * i))
    }
    const source = { samples, load: async (id: string) => values.get(id)! }
    const trained = await standardizedDesign(design, source)
    const train = splitValidation(design, samples).train
    expect(train.length).toBeLessThan(samples.filter((s) => s.category === 'training').length)
    const expected = standardizationOf(
      train.map((s) => values.get(s.id)!),
      2,
    )
    expect(trained.features.blocks[0]!.params).toMatchObject(expected)
    expect(await standardizedDesign(tableDesign(false, 2), source)).toEqual(tableDesign(false, 2))
  })
})
