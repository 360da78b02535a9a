import type { SampleMeta } from '../dataset/sample'
import { durationMs } from '../dataset/sample'
import { parseFeatureDesign, type FeatureDesign } from '../dsp'
import { buildPreset, defaultPresetFor, type PresetId } from '../model'
import type { DesignInput, ProjectDesign } from './design'
import { featureShapeOf } from './design'
import { trainFailure } from './errors'
import { DEFAULT_TRAIN_SETTINGS, trainSettingsSchema, type TrainSettings } from './settings'

/** The most common input among the samples: kind, rate and axis names. */
export function dominantInput(samples: readonly SampleMeta[]): DesignInput {
  if (samples.length === 0)
    throw trainFailure(
      'NoData',
      'The project has no samples. Capture or import data first, or open a demo project.',
    )
  const counts = new Map<string, { n: number; input: DesignInput }>()
  for (const s of samples) {
    const input: DesignInput = {
      kind: s.kind,
      rateHz: s.rateHz,
      axes: s.axes.map((a) => a.name),
      ...(s.image ? { image: s.image } : {}),
    }
    const key = JSON.stringify(input)
    const entry = counts.get(key) ?? { n: 0, input }
    entry.n++
    counts.set(key, entry)
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]!.input
}

/** Sorted distinct labels. */
export function labelsOf(samples: readonly SampleMeta[]): string[] {
  return [...new Set(samples.map((s) => s.label))].sort((a, b) => a.localeCompare(b))
}

/** Below this many frames a window is too short for spectral analysis: the values are the features. */
const MIN_SPECTRAL_FRAMES = 8

/**
 * A feature design that suits the input: spectral for motion, normalised MFE for audio, a small grayscale
 * image, raw values for samples too short to analyse (a row of features). Every window and stride is at
 * least one sample period, so the suggestion is valid for any rate.
 */
export function defaultFeatures(input: DesignInput, shortestMs: number): FeatureDesign {
  if (input.kind === 'image') {
    return parseFeatureDesign({
      blocks: [{ block: 'image', params: { width: 48, height: 48, colorMode: 'grayscale' } }],
    })
  }
  const periodMs = 1000 / input.rateHz
  const lengthMs = Math.max(periodMs, Math.min(input.kind === 'audio' ? 1000 : 2000, shortestMs))
  const windowFrames = Math.round(lengthMs / periodMs)
  const window = (strideDivisor: number) => ({
    lengthMs,
    strideMs: Math.max(periodMs, lengthMs / strideDivisor),
  })
  if (windowFrames < MIN_SPECTRAL_FRAMES)
    return parseFeatureDesign({ window: window(1), blocks: [{ block: 'raw', params: {} }] })
  if (input.kind === 'audio') {
    // MFE's log-mel energies normalised to 0…1 (mfe.ts): unnormalised MFCC (−89…12) trained badly.
    return parseFeatureDesign({
      window: window(2),
      blocks: [
        {
          block: 'mfe',
          params: { frameLengthS: 0.02, frameStrideS: 0.02, fftLength: fftFor(0.02 * input.rateHz) },
        },
      ],
    })
  }
  const nyquist = input.rateHz / 2
  const bandEdgesHz = [0.5, 1, 2, 4, 8, 16].filter((e) => e < nyquist)
  return parseFeatureDesign({
    window: window(4),
    blocks: [
      {
        block: 'spectral',
        params: { fftLength: fftFor((lengthMs * input.rateHz) / 1000), bandEdgesHz, logPower: true },
      },
    ],
  })
}

function fftFor(frames: number): number {
  let n = 8
  while (n < frames && n < 4096) n *= 2
  return n
}

/** Labels that name background noise: their samples are mixed under the others when training on audio. */
const NOISE_LABELS = ['noise', '_noise', 'background', '_background_noise_']

/**
 * Training that suits the input. Audio: the keywords demo's schedule (60 epochs at 0.005) and augmentation
 * drawn anew every epoch — ±100 ms shift, ±6 dB gain, 5 % noise, and a "noise" label's clips mixed in when
 * the project has one. Other inputs: the defaults.
 */
export function defaultTraining(input: DesignInput, labels: readonly string[]): TrainSettings {
  if (input.kind !== 'audio') return DEFAULT_TRAIN_SETTINGS
  const background = labels.find((l) => NOISE_LABELS.includes(l.toLowerCase()))
  return trainSettingsSchema.parse({
    epochs: 60,
    learningRate: 0.005,
    augmentation: {
      copies: 2,
      timeShiftMs: 100,
      gainDb: 6,
      noise: 0.05,
      ...(background ? { backgroundLabel: background, backgroundGain: 0.5 } : {}),
    },
  })
}

/**
 * The width multiplier of the suggested model, sized for the data: with fewer than 60 samples in its
 * smallest class, the preset at width 1 (a wider one fits the training set and no better); with more, width 2
 * for audio (the keywords demo's model). Images keep MobileNet's 0.25.
 */
export function suggestedWidth(
  presetId: PresetId,
  input: DesignInput,
  samples: readonly SampleMeta[],
  labels: readonly string[],
): number {
  if (presetId === 'mobilenet') return 0.25
  if (input.kind !== 'audio') return 1
  const smallest = Math.min(...labels.map((l) => samples.filter((s) => s.label === l).length))
  return smallest < 60 ? 1 : 2
}

/** A complete first design for these samples: their input, default features, a preset model, all labels. */
export function suggestDesign(samples: readonly SampleMeta[], preset?: PresetId): ProjectDesign {
  const input = dominantInput(samples)
  const matching = samples.filter((s) => s.kind === input.kind && s.rateHz === input.rateHz)
  const shortestMs = Math.min(...matching.map((s) => durationMs(s) || 1000))
  const features = defaultFeatures(input, shortestMs)
  const labels = labelsOf(samples)
  if (labels.length < 2)
    throw trainFailure(
      'BadLabel',
      `The data has ${labels.length} label; a classifier needs at least two. Capture samples of another class.`,
    )
  const shape = featureShapeOf({ input, features })
  // A window of a few frames (a row of features) has no time axis worth convolving: a dense MLP reads it.
  const presetId =
    preset ?? (shape.length === 2 && shape[0]! < MIN_SPECTRAL_FRAMES ? 'dense-mlp' : defaultPresetFor(shape))
  const width = suggestedWidth(presetId, input, matching, labels)
  return {
    version: 1,
    input,
    features,
    model: buildPreset(presetId, shape, labels.length, width === 1 ? {} : { widthMultiplier: width }),
    preset: presetId,
    presetWidth: width,
    labels,
    training: defaultTraining(input, labels),
  }
}
