import { featureShapeOf, parseProjectDesign, type ProjectDesign } from '../../../src/core/train/design'
import { buildPreset, type PresetId } from '../../../src/core/model'
import { findBoard } from '../../../src/core/boards/board-lookup'
import type { Board } from '../../../src/core/boards/types'

/** The gestures demo's shape: 3 axes at 62.5 Hz, 2 s windows every 0.5 s, spectral features. */
export function gesturesLikeDesign(preset: PresetId = 'dense-mlp', width = 1): ProjectDesign {
  const base = {
    version: 1,
    input: { kind: 'timeseries', rateHz: 62.5, axes: ['accX', 'accY', 'accZ'] },
    features: {
      window: { lengthMs: 2000, strideMs: 500 },
      blocks: [{ block: 'spectral', params: { fftLength: 128, logPower: true } }],
    },
    labels: ['idle', 'wave', 'circle', 'shake', 'up-down'],
  } as const
  const shape = featureShapeOf(parseProjectDesign({ ...base, model: placeholder() }))
  return parseProjectDesign({
    ...base,
    model: buildPreset(preset, shape, base.labels.length, { widthMultiplier: width }),
  })
}

/** Keyword spotting like the keywords demo: 1 s at 16 kHz, MFE 40 filters, 20 ms frames. */
export function keywordsLikeDesign(width = 2): ProjectDesign {
  const base = {
    version: 1,
    input: { kind: 'audio', rateHz: 16000, axes: ['audio'] },
    features: {
      window: { lengthMs: 1000, strideMs: 1000 },
      blocks: [
        {
          block: 'mfe',
          params: { frameLengthS: 0.02, frameStrideS: 0.02, fftLength: 512, numFilters: 40 },
        },
      ],
    },
    labels: ['yes', 'no', 'up', 'down'],
  } as const
  const shape = featureShapeOf(parseProjectDesign({ ...base, model: placeholder() }))
  return parseProjectDesign({
    ...base,
    model: buildPreset('cnn-1d', shape, base.labels.length, { widthMultiplier: width }),
  })
}

function placeholder() {
  return { inputShape: [1], layers: [{ id: 'out', type: 'dense', units: 2, activation: 'softmax' }] }
}

export function board(id: string): Board {
  const found = findBoard(id)
  if (!found) throw new Error(`no board ${id}`)
  return found
}
