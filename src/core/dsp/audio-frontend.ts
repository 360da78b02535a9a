import { z } from 'zod'
import { dspFailure } from './errors'
import { isPowerOfTwo, powerSpectrum } from './fft'
import { applyFilterbank, emptyFilters, melFilterbank, type MelFilterbank } from './mel'
import type { SeriesInput, SeriesShape } from './types'
import { windowTable } from './window-functions'

/**
 * The front end MFE and MFCC share: scale, pre-emphasis, framing, window, power spectrum, mel filterbank.
 * For one window x[0…n−1] of one-axis audio (expected in −1…1 after `inputScale`):
 *   1. u[i] = inputScale · x[i]
 *   2. v[0] = u[0], v[i] = u[i] − α·u[i−1]                      (pre-emphasis over the whole window)
 *   3. frame t (t = 0…T−1) is v[t·S … t·S + L − 1], T = ⌊(n − L)/S⌋ + 1  (no partial frames)
 *   4. multiply by the periodic window w (length L), zero-pad to N = fftLength
 *   5. P[k] = |X[k]|² / N, k = 0…N/2                          (speechpy / Edge Impulse scaling)
 *   6. E[t][m] = Σ_k W[m][k]·P[k]                              (mel.ts)
 * with L = round(frameLengthS·rateHz), S = round(frameStrideS·rateHz).
 */
export const audioFrontEndFields = {
  frameLengthS: z.number().positive().max(1).default(0.02),
  frameStrideS: z.number().positive().max(1).default(0.01),
  fftLength: z
    .number()
    .int()
    .refine(isPowerOfTwo, 'must be a power of two')
    .refine((n) => n <= 16384, 'must be at most 16384')
    .default(512),
  numFilters: z.number().int().min(2).max(256).default(40),
  lowHz: z.number().min(0).default(0),
  /** 0 means the Nyquist frequency, rateHz / 2. */
  highHz: z.number().min(0).default(0),
  preEmphasis: z.number().min(0).max(1).default(0.98),
  window: z.enum(['hann', 'hamming', 'rectangular']).default('hann'),
  /** Multiplies the samples first: 1 for audio stored in −1…1, 1/32768 for raw int16 values. */
  inputScale: z.number().positive().default(1),
}

export const audioFrontEndSchema = z.object(audioFrontEndFields)
export type AudioFrontEndParams = z.output<typeof audioFrontEndSchema>

export interface AudioLayout {
  readonly frameSamples: number
  readonly strideSamples: number
  readonly frameCount: number
  readonly highHz: number
}

/** Frame layout for a window, or a failure that says which setting to change. */
export function audioLayout(p: AudioFrontEndParams, input: SeriesShape): AudioLayout {
  if (input.axes !== 1) {
    throw dspFailure(
      'InputMismatch',
      `Audio blocks need one-axis samples, but these have ${input.axes} axes. Import the audio as mono.`,
    )
  }
  const frameSamples = Math.round(p.frameLengthS * input.rateHz)
  const strideSamples = Math.round(p.frameStrideS * input.rateHz)
  const highHz = p.highHz === 0 ? input.rateHz / 2 : p.highHz
  if (frameSamples < 1 || strideSamples < 1) {
    throw dspFailure(
      'IncompatibleParams',
      `The frame length and stride must each be at least one sample (${1 / input.rateHz} s at ${input.rateHz} Hz).`,
    )
  }
  if (frameSamples > p.fftLength) {
    throw dspFailure(
      'IncompatibleParams',
      `A ${frameSamples}-sample frame does not fit a ${p.fftLength}-point FFT. Raise the FFT length or shorten the frame.`,
    )
  }
  if (frameSamples > input.frames) {
    throw dspFailure(
      'IncompatibleParams',
      `The ${p.frameLengthS} s frame is longer than the ${input.frames / input.rateHz} s window. Lengthen the window or shorten the frame.`,
    )
  }
  if (highHz > input.rateHz / 2 || p.lowHz >= highHz) {
    throw dspFailure(
      'IncompatibleParams',
      `The filterbank needs 0 ≤ low < high ≤ ${input.rateHz / 2} Hz (half the sample rate); it has ${p.lowHz}–${highHz} Hz.`,
    )
  }
  const frameCount = Math.floor((input.frames - frameSamples) / strideSamples) + 1
  return { frameSamples, strideSamples, frameCount, highHz }
}

interface FrontEndTables {
  readonly key: string
  readonly window: Float32Array
  readonly filterbank: MelFilterbank
}
let cachedTables: FrontEndTables | undefined

/** The window and filterbank for these settings (memoised: every window of a dataset reuses them). */
export function frontEndTables(p: AudioFrontEndParams, rateHz: number, layout: AudioLayout): FrontEndTables {
  const key = JSON.stringify([
    p.window,
    layout.frameSamples,
    p.fftLength,
    p.numFilters,
    rateHz,
    p.lowHz,
    layout.highHz,
  ])
  if (cachedTables?.key === key) return cachedTables
  const filterbank = melFilterbank({
    numFilters: p.numFilters,
    fftLength: p.fftLength,
    rateHz,
    lowHz: p.lowHz,
    highHz: layout.highHz,
  })
  const empty = emptyFilters(filterbank)
  if (empty.length > 0) {
    throw dspFailure(
      'IncompatibleParams',
      `${empty.length} of the ${p.numFilters} mel filters fall between FFT bins and would always be 0. Raise the FFT length or use fewer filters.`,
    )
  }
  cachedTables = { key, window: windowTable(p.window, layout.frameSamples), filterbank }
  return cachedTables
}

/** Mel energies E, row-major `[frameCount, numFilters]` (double; see the module comment). */
export function melEnergies(
  p: AudioFrontEndParams,
  input: SeriesInput,
): { energies: Float64Array; layout: AudioLayout } {
  const layout = audioLayout(p, input)
  const { window, filterbank } = frontEndTables(p, input.rateHz, layout)
  const v = preEmphasise(input.values, input.frames, p.preEmphasis, p.inputScale)
  const frame = new Float64Array(layout.frameSamples)
  const power = new Float64Array(p.fftLength / 2 + 1)
  const energies = new Float64Array(layout.frameCount * p.numFilters)
  for (let t = 0; t < layout.frameCount; t++) {
    const start = t * layout.strideSamples
    for (let i = 0; i < layout.frameSamples; i++) frame[i] = v[start + i]! * window[i]!
    powerSpectrum(frame, p.fftLength, power)
    for (let k = 0; k < power.length; k++) power[k] = power[k]! / p.fftLength
    applyFilterbank(filterbank, power, energies, t * p.numFilters)
  }
  return { energies, layout }
}

export function preEmphasise(x: ArrayLike<number>, n: number, alpha: number, scale: number): Float64Array {
  const v = new Float64Array(n)
  let previous = 0
  for (let i = 0; i < n; i++) {
    const u = scale * x[i]!
    v[i] = u - alpha * previous
    previous = u
  }
  return v
}
