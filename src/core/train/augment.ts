import type { Augmentation } from './settings'
import type { Rng } from './random'

/** A background recording for mixing (audio): its values, one axis. */
export type Background = Float32Array

/**
 * One augmented copy of the window of `windowFrames` frames starting at `startFrame` of an interleaved
 * sample. Each step runs only when its setting is non-zero, in this order, drawing from `rng`:
 *  1. where to read (timing.ts): a time shift by δ frames, δ uniform in [−maxShift, maxShift]; speed
 *     perturbation (audio) reading the window at rate r ∈ [1 − speed, 1 + speed]; time warping (motion)
 *     with a local speed that varies smoothly within [1 − timeWarp, 1 + timeWarp]. Positions between frames
 *     interpolate linearly; positions before the start or past the end of the sample repeat the first or
 *     last frame (not zeros: for an accelerometer zero is free fall);
 *  2. rotation (three or more axes): the first three axes of every frame rotated by an angle uniform in
 *     [−rotationDeg, rotationDeg] about a random unit axis (Rodrigues' formula);
 *  3. scaling: each axis times a factor uniform in [1 − scale, 1 + scale];
 *  4. gain: every axis times 10^(g/20), g uniform in [−gainDb, gainDb];
 *  5. background mixing (one-axis samples only): a random stretch of a random background times a gain
 *     uniform in [0, backgroundGain] is added (a background shorter than the window wraps around);
 *  6. noise (jitter): Gaussian with standard deviation `noise` × the axis's standard deviation in the window.
 * Returns a new array; the sample is not modified. Labels are the caller's: augmentation never sees them.
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
  const positions = readPositions(startFrame, windowFrames, rateHz, aug, rng, axes === 1)
  const out = resample(values, axes, positions)
  if (axes >= 3 && aug.rotationDeg > 0) rotate(out, axes, aug.rotationDeg, rng)
  if (aug.scale > 0) scaleAxes(out, axes, aug.scale, rng)
  if (aug.gainDb > 0) {
    const gain = Math.pow(10, rng.uniform(-aug.gainDb, aug.gainDb) / 20)
    for (let i = 0; i < out.length; i++) out[i] = out[i]! * gain
  }
  if (axes === 1 && backgrounds.length > 0 && aug.backgroundGain > 0)
    mixBackground(out, aug, rng, backgrounds)
  if (aug.noise > 0) addNoise(out, axes, aug.noise, rng)
  return out
}

/**
 * Fractional frame positions to read for each output frame (step 1 above). Speed perturbation applies to
 * one-axis audio, time warping to motion; both keep the window's first frame where the shift puts it.
 */
export function readPositions(
  startFrame: number,
  windowFrames: number,
  rateHz: number,
  aug: Augmentation,
  rng: Rng,
  audio: boolean,
): Float64Array {
  const maxShift = Math.round((aug.timeShiftMs * rateHz) / 1000)
  const start = startFrame + (maxShift > 0 ? rng.int(-maxShift, maxShift) : 0)
  const rate = audio && aug.speed > 0 ? rng.uniform(1 - aug.speed, 1 + aug.speed) : 1
  // Local speed 1 + a·sin(πt/W), a ∈ [−w, w]: the position is its integral, t + a·(W/π)·(1 − cos(πt/W)).
  const warp = !audio && aug.timeWarp > 0 ? rng.uniform(-aug.timeWarp, aug.timeWarp) : 0
  const positions = new Float64Array(windowFrames)
  for (let t = 0; t < windowFrames; t++) {
    const warped = t + ((warp * windowFrames) / Math.PI) * (1 - Math.cos((Math.PI * t) / windowFrames))
    positions[t] = start + warped * rate
  }
  return positions
}

/** Frames at fractional positions, linear interpolation, edges repeated. */
export function resample(values: Float32Array, axes: number, positions: Float64Array): Float32Array {
  const frames = Math.floor(values.length / axes)
  const out = new Float32Array(positions.length * axes)
  for (let t = 0; t < positions.length; t++) {
    const p = Math.min(frames - 1, Math.max(0, positions[t]!))
    const i0 = Math.floor(p)
    const i1 = Math.min(frames - 1, i0 + 1)
    const f = p - i0
    for (let a = 0; a < axes; a++) {
      const v0 = values[i0 * axes + a]!
      out[t * axes + a] = f === 0 ? v0 : v0 + f * (values[i1 * axes + a]! - v0)
    }
  }
  return out
}

/** Rotates axes 0–2 of every frame by a random angle about a random unit axis. */
function rotate(out: Float32Array, axes: number, maxDeg: number, rng: Rng): void {
  let [x, y, z] = [rng.normal(), rng.normal(), rng.normal()]
  const norm = Math.hypot(x, y, z) || 1
  ;[x, y, z] = [x / norm, y / norm, z / norm]
  const angle = (rng.uniform(-maxDeg, maxDeg) * Math.PI) / 180
  const [c, s, k] = [Math.cos(angle), Math.sin(angle), 1 - Math.cos(angle)]
  // Row-major 3 × 3 rotation matrix.
  const m = [
    c + x * x * k,
    x * y * k - z * s,
    x * z * k + y * s,
    y * x * k + z * s,
    c + y * y * k,
    y * z * k - x * s,
    z * x * k - y * s,
    z * y * k + x * s,
    c + z * z * k,
  ]
  for (let base = 0; base + 2 < out.length; base += axes) {
    const [a, b, d] = [out[base]!, out[base + 1]!, out[base + 2]!]
    for (let r = 0; r < 3; r++) out[base + r] = m[3 * r]! * a + m[3 * r + 1]! * b + m[3 * r + 2]! * d
  }
}

function scaleAxes(out: Float32Array, axes: number, range: number, rng: Rng): void {
  const factors = Array.from({ length: axes }, () => rng.uniform(1 - range, 1 + range))
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * factors[i % axes]!
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

/**
 * SpecAugment's masks (Park et al. 2019, without time warping) on features shaped [frames, bins]:
 * `timeMasks` runs of up to `timeMaskFrames` whole frames and `freqMasks` runs of up to `freqMaskBins`
 * bins across every frame, each width uniform in [0, max] and start uniform, are set to the window's mean
 * feature value (for features that are not centred at 0, the mean is the neutral value). Features of any
 * other shape are returned as they are. Works in place and returns `features`.
 */
export function maskFeatures(
  features: Float32Array,
  shape: readonly number[],
  aug: Augmentation,
  rng: Rng,
): Float32Array {
  if (shape.length !== 2 || (aug.timeMasks === 0 && aug.freqMasks === 0)) return features
  const [frames, bins] = shape as [number, number]
  let mean = 0
  for (const v of features) mean += v
  mean /= features.length
  for (let m = 0; m < aug.timeMasks; m++) {
    const width = rng.int(0, Math.min(aug.timeMaskFrames, frames))
    const start = rng.int(0, frames - width)
    features.fill(mean, start * bins, (start + width) * bins)
  }
  for (let m = 0; m < aug.freqMasks; m++) {
    const width = rng.int(0, Math.min(aug.freqMaskBins, bins))
    const start = rng.int(0, bins - width)
    for (let t = 0; t < frames; t++) features.fill(mean, t * bins + start, t * bins + start + width)
  }
  return features
}
