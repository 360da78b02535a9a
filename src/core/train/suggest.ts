import type { SampleMeta } from '../dataset/sample'
import { durationMs } from '../dataset/sample'
import { parseFeatureDesign, type FeatureDesign } from '../dsp'
import { buildPreset, defaultPresetFor, type PresetId } from '../model'
import type { DesignInput, ProjectDesign } from './design'
import { featureShapeOf } from './design'
import { trainFailure } from './errors'
import { DEFAULT_TRAIN_SETTINGS } from './settings'

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

/** A feature design that suits the input: spectral for motion, MFCC for audio, a small grayscale image. */
export function defaultFeatures(input: DesignInput, shortestMs: number): FeatureDesign {
  if (input.kind === 'image') {
    return parseFeatureDesign({
      blocks: [{ block: 'image', params: { width: 48, height: 48, colorMode: 'grayscale' } }],
    })
  }
  if (input.kind === 'audio') {
    const lengthMs = Math.min(1000, shortestMs)
    return parseFeatureDesign({
      window: { lengthMs, strideMs: lengthMs / 2 },
      blocks: [
        {
          block: 'mfcc',
          params: { frameLengthS: 0.02, frameStrideS: 0.02, fftLength: fftFor(0.02 * input.rateHz) },
        },
      ],
    })
  }
  const lengthMs = Math.min(2000, shortestMs)
  const nyquist = input.rateHz / 2
  const bandEdgesHz = [0.5, 1, 2, 4, 8, 16].filter((e) => e < nyquist)
  return parseFeatureDesign({
    window: { lengthMs, strideMs: lengthMs / 4 },
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

/** A complete first design for these samples: their input, default features, a preset model, all labels. */
export function suggestDesign(samples: readonly SampleMeta[], preset?: PresetId): ProjectDesign {
  const input = dominantInput(samples)
  const matching = samples.filter((s) => s.kind === input.kind && s.rateHz === input.rateHz)
  const shortestMs = Math.max(1, Math.min(...matching.map((s) => durationMs(s) || 1000)))
  const features = defaultFeatures(input, shortestMs)
  const labels = labelsOf(samples)
  if (labels.length < 2)
    throw trainFailure(
      'BadLabel',
      `The data has ${labels.length} label; a classifier needs at least two. Capture samples of another class.`,
    )
  const shape = featureShapeOf({ input, features })
  const presetId = preset ?? defaultPresetFor(shape)
  return {
    version: 1,
    input,
    features,
    model: buildPreset(
      presetId,
      shape,
      labels.length,
      presetId === 'mobilenet' ? { widthMultiplier: 0.25 } : {},
    ),
    preset: presetId,
    presetWidth: presetId === 'mobilenet' ? 0.25 : 1,
    labels,
    training: DEFAULT_TRAIN_SETTINGS,
  }
}
