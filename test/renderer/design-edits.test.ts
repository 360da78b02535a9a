import { describe, expect, it } from 'vitest'
import { analyzeDraft } from '../../src/renderer/stores/design'
import {
  applyPreset,
  removeLayer,
  setBlock,
  setLabels,
  setLayerField,
  setParam,
  setWindow,
} from '../../src/renderer/design/design-edits'
import { suggestDesign } from '../../src/core/train/suggest'
import { smallGestures } from '../core/train/fixtures'

const base = suggestDesign(smallGestures().source.samples)

describe('the Design view’s edits', () => {
  it('rebuild a preset model when the features change shape, so it always fits', () => {
    const raw = setBlock(base, 'raw')
    expect(raw.model.inputShape).toEqual([125, 3])
    expect(analyzeDraft(raw).problem).toBeNull()
    const shorter = setWindow(raw, { lengthMs: 1000 })
    expect(shorter.model.inputShape).toEqual([63, 3]) // 62.5 frames rounds half up
    const cnn = applyPreset(shorter, 'cnn-1d', 2)
    expect(cnn.model.layers.find((l) => l.id === 'conv1')).toMatchObject({ filters: 16 })
    expect(analyzeDraft(cnn).summary?.report.params).toBe(
      3 * 3 * 16 + 16 + (3 * 16 * 32 + 32) + (16 * 32 * 5 + 5),
    )
  })

  it('mark a hand-edited model as custom and then leave it alone, reporting what no longer fits', () => {
    const edited = setLayerField(base, 'dense1', 'units', 32)
    expect(edited.preset).toBe('')
    expect(analyzeDraft(edited).summary?.report.layers[0]!.params).toBe(42 * 32 + 32)
    const raw = setBlock(edited, 'raw')
    expect(raw.model).toEqual(edited.model)
    expect(analyzeDraft(raw).problem).toMatch(/reads \[42\] but the features are \[125, 3\]/)
    const broken = removeLayer(base, 'output')
    expect(analyzeDraft(broken).problem).toMatch(/one unit per label/)
  })

  it('refuse an impossible parameter with the DSP sentence and keep the old design', () => {
    const lowpass = setParam(setParam(base, 'filterType', 'lowpass'), 'filterCutoffHz', 5)
    expect(lowpass.features.blocks[0]!.params).toMatchObject({ filterType: 'lowpass', filterCutoffHz: 5 })
    expect(() => setParam(lowpass, 'filterCutoffHz', 40)).toThrow(/Nyquist|rate/)
  })

  it('refit the output layer to a new label list', () => {
    const six = setLabels(base, [...base.labels, 'jump'])
    expect(six.model.layers.at(-1)).toMatchObject({ units: 6 })
    expect(analyzeDraft(six).problem).toBeNull()
  })
})
