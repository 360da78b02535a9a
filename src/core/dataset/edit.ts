import { datasetFailure } from './errors'
import type { Sample, SampleMeta } from './sample'

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
