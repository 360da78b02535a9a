import { TrainErrorCode } from '../../../src/shared/api/train'
import { describe, expect, it } from 'vitest'
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

  it('suggests MFCC and a 1-D CNN for audio, and a window no longer than the shortest clip', () => {
    const audio = source.samples.map((s) => ({
      ...s,
      kind: 'audio' as const,
      rateHz: 16000,
      axes: [{ name: 'audio', unit: '' }],
      length: 12000,
    }))
    const d = suggestDesign(audio)
    expect(d.features.blocks[0]!.block).toBe('mfcc')
    expect(d.features.window.lengthMs).toBe(750)
    expect(d.preset).toBe('cnn-1d')
    expect(d.model.inputShape).toEqual([37, 13]) // 12000-sample window: floor((12000 − 320)/320) + 1 frames
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
