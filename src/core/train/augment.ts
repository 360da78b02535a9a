import type { Augmentation } from './settings'
import type { Rng } from './random'

/** A background recording for mixing (audio): its values, one axis. */
export type Background = Float32Array

/**
 * One augmented copy of the window of `windowFrames` frames starting at `startFrame` of an interleaved
 * sample, in this order:
 *  1. time shift by δ frames, δ uniform in [−maxShift, maxShift]; frames before the start or past the end of
 *     the sample repeat the first or last frame (not zeros: for an accelerometer zero is free fall);
 *  2. background mixing (one-axis samples only): a random stretch of a random background times a gain
 *     uniform in [0, backgroundGain] is added (a background shorter than the window wraps around);
 *  3. noise: Gaussian with standard deviation `noise` × the axis's standard deviation in this window.
 * Returns a new array; the sample is not modified.
 */
export function augmentWindow(
  values: Float32Array,
  axes: number,
  startFrame: number,
  windowFrames: number,
  rateHz: number,
  aug: Augmentation,
  rng: Rng,
  backgrounds: readonly Background[],
): Float32Array {
  const frames = Math.floor(values.length / axes)
  const maxShift = Math.round((aug.timeShiftMs * rateHz) / 1000)
  const shift = maxShift > 0 ? rng.int(-maxShift, maxShift) : 0
  const out = new Float32Array(windowFrames * axes)
  for (let t = 0; t < windowFrames; t++) {
    const source = Math.min(frames - 1, Math.max(0, startFrame + shift + t))
    for (let a = 0; a < axes; a++) out[t * axes + a] = values[source * axes + a]!
  }
  if (axes === 1 && backgrounds.length > 0 && aug.backgroundGain > 0)
    mixBackground(out, aug, rng, backgrounds)
  if (aug.noise > 0) addNoise(out, axes, aug.noise, rng)
  return out
}

function mixBackground(
  out: Float32Array,
  aug: Augmentation,
  rng: Rng,
  backgrounds: readonly Background[],
): void {
  const background = backgrounds[rng.int(0, backgrounds.length - 1)]!
  if (background.length === 0) return
  const gain = rng.uniform(0, aug.backgroundGain)
  const offset = rng.int(0, background.length - 1)
  for (let i = 0; i < out.length; i++) out[i] = out[i]! + gain * background[(offset + i) % background.length]!
}

function addNoise(out: Float32Array, axes: number, level: number, rng: Rng): void {
  const frames = out.length / axes
  for (let a = 0; a < axes; a++) {
    let sum = 0
    let sumSq = 0
    for (let t = 0; t < frames; t++) {
      const v = out[t * axes + a]!
      sum += v
      sumSq += v * v
    }
    const mean = sum / frames
    const std = Math.sqrt(Math.max(0, sumSq / frames - mean * mean))
    for (let t = 0; t < frames; t++) out[t * axes + a] = out[t * axes + a]! + rng.normal() * level * std
  }
}
