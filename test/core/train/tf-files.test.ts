import * as tfl from '@tensorflow/tfjs-layers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { selectTrainingBackend } from '../../../src/core/train/backend-choice'
import { loadTfModel, saveTfModel } from '../../../src/core/train/tf-files'

afterEach(() => vi.restoreAllMocks())

describe('a trained model in TensorFlow.js files', () => {
  it('loads back with the same weights and without a TF.js deprecation warning', async () => {
    await selectTrainingBackend('auto')
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [3], units: 2, activation: 'relu', name: 'd' })],
    })
    const files = await saveTfModel(model)
    const warn = vi.spyOn(console, 'warn')
    const loaded = await loadTfModel(files)
    expect(warn.mock.calls.map((c) => c.join(' '))).toEqual([])
    const before = model.getWeights().map((w) => Array.from(w.dataSync()))
    expect(loaded.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before)
    model.dispose()
    loaded.dispose()
  })
})
