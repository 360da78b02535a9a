import { GESTURE_AXES, GESTURE_RATE_HZ, generateGestureDataset } from '../../../core/demo/gestures'
import type { Sample } from '../../../core/dataset/sample'
import { parseFeatureDesign } from '../../../core/dsp'
import { buildPreset } from '../../../core/model'
import type { ProjectDesign } from '../../../core/train/design'
import { featureShapeOf } from '../../../core/train/design'
import { trainSettingsSchema } from '../../../core/train/settings'
import { suggestDesign } from '../../../core/train/suggest'
import { KEYWORD_LABELS, NOISE_LABEL, type KeywordClip } from './keywords-demo'
import { DEMO_RATE_HZ } from './speech-synth'

/** The demos' samples and designs: what `mote demo create` writes into the new project. */

const pad = (n: number) => String(n).padStart(3, '0')

export function gestureSamples(now: Date): Sample[] {
  return generateGestureDataset().map((r) => ({
    meta: {
      id: `gestures-${r.label}-${pad(r.index)}`,
      kind: 'timeseries',
      label: r.label,
      category: r.category,
      rateHz: GESTURE_RATE_HZ,
      axes: GESTURE_AXES.map((name) => ({ name, unit: 'm/s²' })),
      length: r.values.length / 3,
      source: 'gestures demo (synthetic accelerometer)',
      createdAt: now.toISOString(),
    },
    values: r.values,
  }))
}

export function keywordSamples(clips: readonly KeywordClip[], now: Date): Sample[] {
  return clips.map((c) => ({
    meta: {
      id: `keywords-${c.label}-${pad(c.index)}`,
      kind: 'audio',
      label: c.label,
      category: c.category,
      rateHz: DEMO_RATE_HZ,
      axes: [{ name: 'audio', unit: '' }],
      length: c.values.length,
      source: c.source,
      createdAt: now.toISOString(),
    },
    values: c.values,
  }))
}

/** Gestures: 2 s windows every 0.5 s, spectral features (log power), the dense MLP preset. */
export function gesturesDesign(samples: readonly Sample[]): ProjectDesign {
  return suggestDesign(
    samples.map((s) => s.meta),
    'dense-mlp',
  )
}

/**
 * Keywords: one 1 s window per clip, MFE (40 mel filters, 20 ms frames every 20 ms, normalised: [49, 40])
 * into the 1-D CNN preset at twice the width (16 and 32 filters); training adds 2 augmented copies of each
 * window, drawn anew every 5 epochs (±100 ms shift, up to 0.5× a "noise" clip mixed in, noise at 5 % of the
 * signal's spread). In our
 * runs MFE and MFCC (13 of 32 filters) came out alike with this model (93 % and 92 % test accuracy); MFE's
 * values are already in 0…1 and its image reads like a spectrogram, so the demo uses it.
 */
export function keywordsDesign(samples: readonly Sample[]): ProjectDesign {
  const base = suggestDesign(samples.map((s) => s.meta))
  const features = parseFeatureDesign({
    window: { lengthMs: 1000, strideMs: 1000 },
    blocks: [
      { block: 'mfe', params: { frameLengthS: 0.02, frameStrideS: 0.02, fftLength: 512, numFilters: 40 } },
    ],
  })
  const shape = featureShapeOf({ input: base.input, features })
  return {
    ...base,
    features,
    labels: KEYWORD_LABELS,
    preset: 'cnn-1d',
    presetWidth: 2,
    model: buildPreset('cnn-1d', shape, KEYWORD_LABELS.length, { widthMultiplier: 2 }),
    training: trainSettingsSchema.parse({
      epochs: 60,
      learningRate: 0.005,
      augmentation: {
        copies: 2,
        // New copies every 5 epochs, not every epoch: each draw computes ~800 windows' MFE again.
        redrawEpochs: 5,
        timeShiftMs: 100,
        noise: 0.05,
        backgroundLabel: NOISE_LABEL,
        backgroundGain: 0.5,
      },
    }),
  }
}
