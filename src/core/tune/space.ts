import type { DesignInput } from '../train/design'

/**
 * The search space of the tuner (issue 16, docs/tune.md): window length and stride, the feature block and
 * its main parameters, the model preset with its width and depth, and the deployment precision. Every
 * option is a small JSON value; `candidates.ts` turns a combination into a full ProjectDesign.
 *
 * The options are derived from the project's data (its input kind and rate, its shortest sample) and
 * from the design the project starts from (its window): the tuner looks around what the studio would
 * suggest, not over every setting.
 */

export interface WindowChoice {
  readonly lengthMs: number
  readonly strideMs: number
}

/** A feature block with the parameters the tuner varies; the block's schema fills the rest. */
export interface FeatureChoice {
  /** What the table shows: "spectral FFT 64", "MFE 32×20 ms". */
  readonly name: string
  readonly block: 'raw' | 'spectral' | 'mfe' | 'mfcc' | 'image'
  readonly params: Readonly<Record<string, unknown>>
}

export type NetworkPreset = 'dense-mlp' | 'cnn-1d' | 'cnn-2d' | 'ds-cnn' | 'mobilenet'

/**
 * A neural network: a preset at a width multiplier; `depth` is the number of hidden layers of `dense-mlp`
 * (the other presets have a fixed depth, recorded as 0).
 */
export interface ModelChoice {
  readonly preset: NetworkPreset
  readonly width: number
  readonly depth: number
}

/**
 * How the model is deployed. Only the precision is searched: QAT, pruning and clustering are applied to the
 * adopted design in the Compress step (docs/tune.md, "What is not searched").
 */
export type CompressionChoice = 'int8' | 'float32'

/** Below this many frames a window is too short for spectral analysis (suggest.ts uses the same rule). */
const MIN_SPECTRAL_FRAMES = 8
/** Raw windows longer than this make models too large for any small board: not offered. */
const MAX_RAW_VALUES = 1024

const unique = (values: readonly number[]) => [...new Set(values.map((v) => Math.round(v * 1000) / 1000))]

export function fftFor(frames: number): number {
  let n = 8
  while (n < frames && n < 4096) n *= 2
  return n
}

/**
 * Window lengths of ½, 1 and 1½ times the starting design's (as far as the shortest sample allows), each
 * with a stride of ½ and ¼ of its length (at least one sample period).
 */
export function windowChoices(input: DesignInput, baseLengthMs: number, shortestMs: number): WindowChoice[] {
  if (input.kind === 'image') return []
  const periodMs = 1000 / input.rateHz
  const lengths = unique([baseLengthMs * 0.5, baseLengthMs, baseLengthMs * 1.5]).filter(
    (l) => l >= periodMs && l <= Math.max(shortestMs, baseLengthMs),
  )
  return lengths.flatMap((lengthMs) =>
    unique([lengthMs / 2, lengthMs / 4]).map((stride) => ({
      lengthMs,
      strideMs: Math.max(periodMs, stride),
    })),
  )
}

function motionFeatures(input: DesignInput, frames: number): FeatureChoice[] {
  const out: FeatureChoice[] = []
  if (frames >= MIN_SPECTRAL_FRAMES) {
    const nyquist = input.rateHz / 2
    const bandEdgesHz = [0.5, 1, 2, 4, 8, 16].filter((e) => e < nyquist)
    for (const fftLength of new Set([fftFor(frames), Math.max(16, fftFor(frames) / 2)]))
      out.push({
        name: `spectral FFT ${fftLength}`,
        block: 'spectral',
        params: { fftLength, bandEdgesHz, logPower: true },
      })
  }
  if (frames * input.axes.length <= MAX_RAW_VALUES) out.push({ name: 'raw', block: 'raw', params: {} })
  return out
}

function audioFeatures(input: DesignInput): FeatureChoice[] {
  const out: FeatureChoice[] = []
  for (const frameS of [0.02, 0.032]) {
    const fftLength = fftFor(frameS * input.rateHz)
    const ms = Math.round(frameS * 1000)
    for (const numFilters of [20, 40])
      out.push({
        name: `MFE ${numFilters}×${ms} ms`,
        block: 'mfe',
        params: { frameLengthS: frameS, frameStrideS: frameS, fftLength, numFilters },
      })
    out.push({
      name: `MFCC 13×${ms} ms`,
      block: 'mfcc',
      params: { frameLengthS: frameS, frameStrideS: frameS, fftLength, numCoefficients: 13 },
    })
  }
  return out
}

function imageFeatures(): FeatureChoice[] {
  const gray = [32, 48, 64].map((size): FeatureChoice => ({
    name: `image ${size}×${size} gray`,
    block: 'image',
    params: { width: size, height: size, colorMode: 'grayscale' },
  }))
  return [...gray, { name: 'image 48×48 RGB', block: 'image', params: { width: 48, height: 48 } }]
}

/** The feature blocks offered for a window of this input. */
export function featureChoices(input: DesignInput, window: WindowChoice | undefined): FeatureChoice[] {
  if (input.kind === 'image') return imageFeatures()
  const frames = Math.round(((window?.lengthMs ?? 1000) * input.rateHz) / 1000)
  if (frames < MIN_SPECTRAL_FRAMES) return [{ name: 'raw', block: 'raw', params: {} }]
  return input.kind === 'audio' ? audioFeatures(input) : motionFeatures(input, frames)
}

/**
 * The models offered for features of this shape: an MLP of 1–3 hidden layers at widths ½, 1, 2 for flat
 * features; a 1-D CNN (and the MLP) for [time, channels]; 2-D CNNs, DS-CNN and MobileNet for spectrograms
 * and images.
 */
export function modelChoices(shape: readonly number[], kind: DesignInput['kind']): ModelChoice[] {
  const mlp = (depths: readonly number[]) =>
    depths.flatMap((depth) =>
      [0.5, 1, 2].map((width): ModelChoice => ({ preset: 'dense-mlp', width, depth })),
    )
  const fixed = (preset: NetworkPreset, widths: readonly number[]) =>
    widths.map((width): ModelChoice => ({ preset, width, depth: 0 }))
  if (shape.length === 1) return mlp([1, 2, 3])
  if (shape.length === 2 && kind !== 'audio') return [...fixed('cnn-1d', [0.5, 1, 2]), ...mlp([1, 2])]
  if (shape.length === 2)
    return [...fixed('cnn-1d', [0.5, 1, 2]), ...fixed('cnn-2d', [0.5, 1]), ...fixed('ds-cnn', [0.25, 0.5])]
  return [
    ...fixed('cnn-2d', [0.5, 1, 2]),
    ...fixed('ds-cnn', [0.25, 0.5]),
    ...fixed('mobilenet', [0.1, 0.25]),
  ]
}

/** The hidden layer sizes of a `dense-mlp` choice: the preset's 20, 10 (then 10) scaled by the width. */
export function mlpHidden(choice: ModelChoice): number[] {
  return [20, 10, 10].slice(0, choice.depth).map((units) => Math.max(2, Math.round(units * choice.width)))
}
