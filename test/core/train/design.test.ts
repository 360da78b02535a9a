import { TrainErrorCode } from '../../../src/shared/api/train'
import { describe, expect, it } from 'vitest'
import { computeFeatures, windowLayout } from '../../../src/core/dsp'
import { buildPreset } from '../../../src/core/model'
import { checkDesign, designHash, parseProjectDesign } from '../../../src/core/train/design'
import { suggestDesign } from '../../../src/core/train/suggest'
import { smallGestures } from './fixtures'

const { source } = smallGestures()

describe('the project design', () => {
  it('suggests spectral features and a dense MLP for motion, with every label in order', () => {
    const d = suggestDesign(source.samples)
    expect(d.features.blocks.map((b) => b.block)).toEqual(['spectral'])
    expect(d.features.window).toEqual({ lengthMs: 2000, strideMs: 500, zeroPad: false })
    expect(d.preset).toBe('dense-mlp')
    expect(d.labels).toEqual(['circle', 'idle', 'shake', 'up-down', 'wave'])
    expect(() => checkDesign(d)).not.toThrow()
  })

  const asAudio = (length: number) =>
    source.samples.map((s) => ({
      ...s,
      kind: 'audio' as const,
      rateHz: 16000,
      axes: [{ name: 'audio', unit: '' }],
      length,
    }))

  it('suggests normalised MFE and a 1-D CNN for audio, and a window no longer than the shortest clip', () => {
    const d = suggestDesign(asAudio(12000))
    expect(d.features.blocks[0]!.block).toBe('mfe')
    expect(d.features.blocks[0]!.params).toMatchObject({ normalize: true })
    expect(d.features.window.lengthMs).toBe(750)
    expect(d.preset).toBe('cnn-1d')
    expect(d.model.inputShape).toEqual([37, 40]) // 12000-sample window: floor((12000 − 320)/320) + 1 frames
    expect(() => checkDesign(d)).not.toThrow()
    // A loud tone and near silence both give features inside 0…1 (MFCC gave −89…12 and trained badly).
    for (const amplitude of [1, 1e-4]) {
      const clip = Float32Array.from({ length: 12000 }, (_, n) => amplitude * Math.sin(n / 3))
      const features = computeFeatures(clip, { axes: 1, rateHz: 16000 }, d.features, 0)
      expect(Math.min(...features)).toBeGreaterThanOrEqual(0)
      expect(Math.max(...features)).toBeLessThanOrEqual(1)
    }
  })

  it('sizes the audio model for the data and trains it with augmentation drawn every epoch', () => {
    const few = suggestDesign(asAudio(16000))
    expect(few.presetWidth).toBe(1)
    expect(few.training.augmentation).toMatchObject({
      copies: 2,
      redrawEpochs: 1,
      timeShiftMs: 100,
      gainDb: 6,
    })
    expect(few.training.augmentation.backgroundLabel).toBe('')
    const one = asAudio(16000)[0]!
    const many = Array.from({ length: 130 }, (_, i) => ({
      ...one,
      id: `s${i}`,
      label: i % 2 ? 'yes' : 'noise',
    }))
    const d = suggestDesign(many)
    expect(d.labels).toEqual(['noise', 'yes'])
    expect(d.training.augmentation).toMatchObject({ backgroundLabel: 'noise', backgroundGain: 0.5 })
    expect(d.presetWidth).toBe(2) // 65 clips in the smallest class
    expect(() => checkDesign(d)).not.toThrow()
  })

  it('gives samples of one frame (a row of features) a window and stride of at least one sample period', () => {
    for (const rateHz of [1, 50, 1000]) {
      const rows = source.samples.map((s) => ({ ...s, rateHz, length: 1 }))
      const d = suggestDesign(rows)
      expect(d.features.blocks[0]!.block).toBe('raw')
      expect(d.preset).toBe('dense-mlp')
      const layout = windowLayout(d.features.window, rateHz)
      expect(layout).toEqual({ windowFrames: 1, strideFrames: 1 })
      expect(() => checkDesign(d)).not.toThrow()
      const axes = rows[0]!.axes.length
      const row = Float32Array.from({ length: axes }, (_, i) => i + 1)
      expect(Array.from(computeFeatures(row, { axes, rateHz }, d.features, 0))).toEqual(Array.from(row))
    }
  })

  it('says when the model does not read what the features produce, or does not end in the labels', () => {
    const d = suggestDesign(source.samples)
    expect(() => checkDesign({ ...d, model: buildPreset('dense-mlp', [40], 5) })).toThrow(
      expect.objectContaining({
        code: TrainErrorCode.OutputMismatch,
        message: expect.stringMatching(/reads \[40\] but the features are \[42\]/),
      }),
    )
    expect(() => checkDesign({ ...d, model: buildPreset('dense-mlp', [42], 4) })).toThrow(
      /one unit per label \(5\).*Set its units to 5/,
    )
    expect(() => checkDesign({ ...d, labels: ['a', 'a', 'b', 'c', 'd'] })).toThrow(/lists a label twice/)
  })

  it('fills defaults when parsing and names the field of a bad design', () => {
    const d = suggestDesign(source.samples)
    const { training: _t, preset: _p, ...bare } = d
    expect(parseProjectDesign(JSON.parse(JSON.stringify(bare))).training.epochs).toBe(30)
    expect(() => parseProjectDesign({ ...d, training: { epochs: 0 } })).toThrow(/at "training.epochs"/)
  })

  it('fingerprints what a model depends on, not the training settings', () => {
    const d = suggestDesign(source.samples)
    const same = { ...d, training: { ...d.training, epochs: 99 } }
    expect(designHash(same)).toBe(designHash(d))
    expect(designHash({ ...d, labels: [...d.labels].reverse() })).not.toBe(designHash(d))
    expect(designHash(JSON.parse(JSON.stringify(d)))).toBe(designHash(d))
  })
})
