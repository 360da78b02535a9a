import { z } from 'zod'
import { butterworthSos, sosFilter } from '../biquad'
import { dspFailure } from '../errors'
import { isPowerOfTwo } from '../fft'
import { bandPowers, spectralPeaks, welchPsd } from '../spectrum'
import { moments } from '../stats'
import type { InputShape, SeriesShape } from '../types'
import { requireSeries, type FeatureBlock } from './block'

/**
 * Spectral analysis for motion, per axis a (in the spirit of Edge Impulse's spectral-analysis block):
 *   1. u = scale · x_a, minus its mean (so a gravity offset does not ring through a high-pass filter)
 *   2. y = Butterworth low/high-pass of u (biquad.ts), or u when filterType = 'none'
 *   3. rms, skewness, kurtosis of y (stats.ts: central moments, so y's mean is removed)
 *   4. P = Welch PSD of y − mean(y) with an fftLength-point FFT (spectrum.ts)
 *   5. the `peaksCount` highest spectral peaks as (frequency Hz, power) pairs, missing ones as (0, floor);
 *      a peak must exceed `peaksThreshold` times the highest bin, so rounding noise never makes peaks
 *   6. power in each band between consecutive `bandEdgesHz`
 * With `logPower`, peak and band powers p become log10(max(p, 1e-10)); the floor is 1e-10 (or 0 linear).
 * Features per axis: [rms, skewness, kurtosis, peak₁ Hz, peak₁ power, …, band₀, …]; output shape
 * `[axes · perAxis]`, axis-major.
 */
export const spectralParamsSchema = z.object({
  scale: z.number().finite().default(1),
  filterType: z.enum(['none', 'lowpass', 'highpass']).default('none'),
  filterCutoffHz: z.number().positive().default(5),
  filterOrder: z.number().int().min(1).max(8).default(4),
  fftLength: z
    .number()
    .int()
    .refine(isPowerOfTwo, 'must be a power of two')
    .refine((n) => n >= 8 && n <= 4096, 'must be between 8 and 4096')
    .default(128),
  peaksCount: z.number().int().min(0).max(16).default(3),
  /** A peak must exceed this fraction of the highest bin (DC and Nyquist excluded): 0.01 = −20 dB. */
  peaksThreshold: z.number().min(0).max(1).default(0.01),
  bandEdgesHz: z
    .array(z.number().min(0))
    .max(33)
    .refine((e) => e.length !== 1, 'needs at least two edges, or none')
    .refine((e) => e.every((v, i) => i === 0 || v > e[i - 1]!), 'must increase')
    .default([0.5, 1, 2, 4, 8, 16]),
  logPower: z.boolean().default(false),
})
export type SpectralParams = z.output<typeof spectralParamsSchema>

const powerFloor = 1e-10

export function spectralFeaturesPerAxis(p: SpectralParams): number {
  return 3 + 2 * p.peaksCount + Math.max(0, p.bandEdgesHz.length - 1)
}

/** Human labels for each feature, in output order (for the Design view's bars). */
export function spectralFeatureNames(p: SpectralParams, axisNames: readonly string[]): string[] {
  const names: string[] = []
  for (const axis of axisNames) {
    names.push(`${axis} rms`, `${axis} skewness`, `${axis} kurtosis`)
    for (let i = 1; i <= p.peaksCount; i++) names.push(`${axis} peak ${i} Hz`, `${axis} peak ${i} power`)
    for (let i = 0; i + 1 < p.bandEdgesHz.length; i++) {
      names.push(`${axis} power ${p.bandEdgesHz[i]}–${p.bandEdgesHz[i + 1]} Hz`)
    }
  }
  return names
}

function checkInput(p: SpectralParams, s: SeriesShape): void {
  if (p.filterType !== 'none' && p.filterCutoffHz >= s.rateHz / 2) {
    throw dspFailure(
      'IncompatibleParams',
      `The ${p.filterCutoffHz} Hz filter cutoff must be below half the ${s.rateHz} Hz sample rate. Lower the cutoff.`,
    )
  }
  if (s.frames < 2) {
    throw dspFailure(
      'InputMismatch',
      'Spectral analysis needs windows of at least two samples. Lengthen the window.',
    )
  }
}

function axisFeatures(
  p: SpectralParams,
  u: Float64Array,
  rateHz: number,
  out: Float32Array,
  at: number,
): void {
  const y =
    p.filterType === 'none'
      ? u
      : sosFilter(butterworthSos(p.filterType, p.filterOrder, p.filterCutoffHz, rateHz), u)
  const m = moments(y)
  out[at++] = m.rms
  out[at++] = m.skewness
  out[at++] = m.kurtosis
  const centred = y.map((v) => v - m.mean)
  const psd = welchPsd(centred, p.fftLength)
  const binHz = rateHz / p.fftLength
  const level = (power: number): number => (p.logPower ? Math.log10(Math.max(power, powerFloor)) : power)
  const peaks = spectralPeaks(psd, binHz, p.peaksCount, p.peaksThreshold * maxInteriorBin(psd))
  for (let i = 0; i < p.peaksCount; i++) {
    out[at++] = peaks[i]?.hz ?? 0
    out[at++] = level(peaks[i]?.power ?? 0)
  }
  for (const band of bandPowers(psd, binHz, p.bandEdgesHz)) out[at++] = level(band)
}

function maxInteriorBin(psd: Float64Array): number {
  let max = 0
  for (let k = 1; k < psd.length - 1; k++) max = Math.max(max, psd[k]!)
  return max
}

export const spectralBlock: FeatureBlock<SpectralParams> = {
  id: 'spectral',
  title: 'Spectral analysis',
  inputKind: 'series',
  schema: spectralParamsSchema,
  defaults: spectralParamsSchema.parse({}),
  describeOutput(p, input: InputShape) {
    const s = requireSeries(input, 'spectral analysis')
    checkInput(p, s)
    return [s.axes * spectralFeaturesPerAxis(p)]
  },
  compute(p, input) {
    const s = requireSeries(input, 'spectral analysis')
    checkInput(p, s)
    const perAxis = spectralFeaturesPerAxis(p)
    const out = new Float32Array(s.axes * perAxis)
    for (let a = 0; a < s.axes; a++) {
      const u = new Float64Array(s.frames)
      let sum = 0
      for (let t = 0; t < s.frames; t++) sum += u[t] = p.scale * s.values[t * s.axes + a]!
      const mean = sum / s.frames
      for (let t = 0; t < s.frames; t++) u[t] = u[t]! - mean
      axisFeatures(p, u, s.rateHz, out, a * perAxis)
    }
    return out
  },
}
