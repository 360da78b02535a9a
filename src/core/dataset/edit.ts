import { datasetFailure } from './errors'
import { quantizeToPcm16 } from './pcm'
import { resample, resampledLength } from './resample'
import { axisValues, type Sample, type SampleMeta } from './sample'

/** The frames `[startFrame, endFrame)` of a time series or audio sample, as a new sample with the same id. */
export function cropSample(sample: Sample, startFrame: number, endFrame: number): Sample {
  const { meta } = sample
  if (meta.kind === 'image') throw datasetFailure('InvalidEdit', 'Images cannot be cropped in time.')
  if (
    !(Number.isInteger(startFrame) && Number.isInteger(endFrame)) ||
    startFrame < 0 ||
    endFrame > meta.length
  ) {
    throw datasetFailure(
      'InvalidEdit',
      `The crop ${startFrame}–${endFrame} is outside the sample (0–${meta.length} frames). Drag the handles inside the plot.`,
    )
  }
  if (endFrame - startFrame < 1)
    throw datasetFailure(
      'InvalidEdit',
      'The crop keeps no data. Leave at least one frame between the handles.',
    )
  const axes = meta.axes.length
  const values = sample.values.slice(startFrame * axes, endFrame * axes)
  return { meta: { ...meta, length: endFrame - startFrame }, values }
}

export interface WindowCut {
  readonly startFrame: number
  readonly endFrame: number
}

/** Window starts every `strideMs` (default: the window length), whole windows only; frames rounded half up. */
export function splitPlan(meta: SampleMeta, windowMs: number, strideMs = windowMs): WindowCut[] {
  if (meta.kind === 'image' || meta.rateHz <= 0)
    throw datasetFailure('InvalidEdit', 'Only time series and audio can be split into windows.')
  const windowFrames = Math.round((windowMs * meta.rateHz) / 1000)
  const strideFrames = Math.round((strideMs * meta.rateHz) / 1000)
  if (windowFrames < 1 || strideFrames < 1)
    throw datasetFailure(
      'InvalidEdit',
      `A ${windowMs} ms window is shorter than one frame at ${meta.rateHz} Hz.`,
    )
  if (windowFrames > meta.length) {
    throw datasetFailure(
      'InvalidEdit',
      `The sample is ${meta.length} frames long, shorter than one ${windowMs} ms window (${windowFrames} frames). Choose a shorter window.`,
    )
  }
  const cuts: WindowCut[] = []
  for (let start = 0; start + windowFrames <= meta.length; start += strideFrames)
    cuts.push({ startFrame: start, endFrame: start + windowFrames })
  return cuts
}

/** The sample with its axes renamed in order (units kept); the count must not change. */
export function renameAxes(sample: Sample, names: readonly string[]): Sample {
  const { meta } = sample
  if (names.length !== meta.axes.length || names.some((n) => n.trim() === '')) {
    throw datasetFailure(
      'InvalidEdit',
      `Sample ${meta.id} has ${meta.axes.length} axes; give ${meta.axes.length} non-empty names to rename them.`,
    )
  }
  const axes = meta.axes.map((axis, i) => ({ ...axis, name: names[i]!.trim() }))
  return { meta: { ...meta, axes }, values: sample.values }
}

/**
 * The sample at another rate: each axis through the band-limited resampler (no aliasing when the rate
 * drops); audio stays on the 16-bit grid. Images have no rate and cannot be resampled.
 */
export function resampleSample(sample: Sample, rateHz: number): Sample {
  const { meta } = sample
  if (meta.kind === 'image' || meta.rateHz <= 0)
    throw datasetFailure(
      'InvalidEdit',
      `Sample ${meta.id} is an image; only time series and audio have a rate.`,
    )
  if (!(rateHz > 0) || rateHz > 1_000_000)
    throw datasetFailure('InvalidEdit', `${rateHz} Hz is not a rate a sample can have; choose 1 Hz to 1 MHz.`)
  const axes = meta.axes.length
  const length = resampledLength(meta.length, meta.rateHz, rateHz)
  if (length < 1) throw datasetFailure('InvalidEdit', `Sample ${meta.id} would keep no data at ${rateHz} Hz.`)
  const values = new Float32Array(length * axes)
  for (let a = 0; a < axes; a++) {
    const axis = resample(axisValues(sample, a), meta.rateHz, rateHz)
    for (let t = 0; t < length; t++) values[t * axes + a] = axis[t]!
  }
  return {
    meta: { ...meta, rateHz, length },
    values: meta.kind === 'audio' ? quantizeToPcm16(values) : values,
  }
}
