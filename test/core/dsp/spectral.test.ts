import { DspErrorCode } from '../../../src/shared/api/design'
import { describe, expect, it } from 'vitest'
import {
  spectralBlock,
  spectralFeatureNames,
  spectralParamsSchema,
} from '../../../src/core/dsp/blocks/spectral'
import { bandPowers, spectralPeaks, welchPsd } from '../../../src/core/dsp/spectrum'
import type { SeriesInput } from '../../../src/core/dsp/types'

function series(axes: number[][], rateHz: number): SeriesInput {
  const frames = axes[0]!.length
  const values = new Float32Array(frames * axes.length)
  axes.forEach((axis, a) => axis.forEach((v, t) => (values[t * axes.length + a] = v)))
  return { kind: 'series', values, frames, axes: axes.length, rateHz }
}

const sine = (n: number, amplitude: number, hz: number, rateHz: number, offset = 0): number[] =>
  Array.from({ length: n }, (_, t) => offset + amplitude * Math.sin((2 * Math.PI * hz * t) / rateHz))

describe('Welch PSD, peaks and bands', () => {
  it('puts a bin-centred sine on bins k0 and k0 ± 1 with A²/3 and A²/12 (Hann), summing to A²/2', () => {
    // N = 128, k0 = 10: |X[k0]| = A·N/4, |X[k0±1]| = A·N/8, P = 2|X|²/(N·3N/8)
    const psd = welchPsd(sine(128, 2, 10, 128), 128)
    // the Hann table is float32, so agreement is to ~1e-8
    expect(psd[10]).toBeCloseTo(4 / 3, 8)
    expect(psd[9]).toBeCloseTo(4 / 12, 8)
    expect(psd[11]).toBeCloseTo(4 / 12, 8)
    expect(psd.reduce((s, v) => s + v, 0)).toBeCloseTo(2, 8)
  })

  it('averages 50%-overlapping segments: a stationary sine gives the same PSD as one segment', () => {
    // 512 samples, 128-point segments, hop 64: 7 segments, each holding exactly 10 cycles
    const long = welchPsd(sine(512, 1, 10, 128), 128)
    expect(long[10]).toBeCloseTo(1 / 3, 8)
    expect(long[11]).toBeCloseTo(1 / 12, 8)
  })

  it('sums a sine of any frequency to its mean square A²/2 (Parseval)', () => {
    const psd = welchPsd(sine(1000, 3, 13.37, 100), 256)
    expect(psd.reduce((s, v) => s + v, 0)).toBeCloseTo(4.5, 1)
  })

  it('finds local maxima ordered by power, skipping DC and Nyquist and the threshold', () => {
    const psd = Float64Array.from([9, 1, 5, 2, 2, 7, 3, 4, 8])
    expect(spectralPeaks(psd, 0.5, 5, 0)).toEqual([
      { hz: 2.5, power: 7 },
      { hz: 1, power: 5 },
    ])
    expect(spectralPeaks(psd, 0.5, 5, 6)).toEqual([{ hz: 2.5, power: 7 }])
  })

  it('sums bins into half-open bands [lo, hi)', () => {
    const psd = Float64Array.from([1, 2, 4, 8, 16])
    // bins at 0, 1, 2, 3, 4 Hz
    expect(Array.from(bandPowers(psd, 1, [0, 1, 3, 10]))).toEqual([1, 6, 24])
  })
})

describe('spectral analysis block', () => {
  const rateHz = 100
  const hz = (10 * rateHz) / 128 // 7.8125 Hz: bin 10 of a 128-point FFT
  const params = spectralParamsSchema.parse({ fftLength: 128, peaksCount: 2, bandEdgesHz: [0, 4, 16, 50] })

  it('gives rms A/√2, skewness 0, kurtosis −1.5, the peak at the tone and A²/2 in its band', () => {
    const out = spectralBlock.compute(params, series([sine(128, 2, hz, rateHz, 9.81)], rateHz))
    const [rms, skew, kurt, peakHz, peakPower, secondHz, secondPower, band0, band1, band2] = Array.from(out)
    expect(rms).toBeCloseTo(Math.SQRT2, 5)
    expect(skew).toBeCloseTo(0, 5)
    expect(kurt).toBeCloseTo(-1.5, 5)
    expect(peakHz).toBe(hz)
    expect(peakPower).toBeCloseTo(4 / 3, 5)
    // the only other local maxima are rounding noise, far below 1% of the peak: the second peak is absent
    expect([secondHz, secondPower]).toEqual([0, 0])
    expect(band0).toBeCloseTo(0, 10)
    expect(band1).toBeCloseTo(2, 5)
    expect(band2).toBeCloseTo(0, 10)
  })

  it('computes every axis independently, axis-major', () => {
    const input = series([sine(128, 2, hz, rateHz), sine(128, 1, 3 * hz, rateHz)], rateHz)
    const out = spectralBlock.compute(params, input)
    expect(out.length).toBe(2 * 10)
    expect(out[3]).toBe(hz)
    expect(out[13]).toBe(3 * hz)
    expect(out[10]).toBeCloseTo(Math.SQRT1_2, 5)
    expect(out[19]).toBeCloseTo(0.5, 5) // bins 29–31 (22.7–24.2 Hz) lie in [16, 50)
  })

  it('attenuates through the low-pass filter by the Butterworth gain at each frequency', () => {
    // 2 Hz (gain ≈ 1) + 20 Hz (gain² = 1/(1 + (tan(π·20/100)/tan(π·5/100))^8)) over 10 s
    const n = 1000
    const x = sine(n, 1, 2, rateHz).map((v, t) => v + Math.sin((2 * Math.PI * 20 * t) / rateHz))
    const p = spectralParamsSchema.parse({
      filterType: 'lowpass',
      filterCutoffHz: 5,
      filterOrder: 4,
      bandEdgesHz: [0.5, 4, 15, 25],
    })
    const out = spectralBlock.compute(p, series([x], rateHz))
    const gain2 = (f: number): number =>
      1 / (1 + (Math.tan((Math.PI * f) / 100) / Math.tan((Math.PI * 5) / 100)) ** 8)
    const bands = out.slice(9, 12)
    expect(bands[0]! / (0.5 * gain2(2))).toBeCloseTo(1, 1)
    expect(bands[2]! / (0.5 * gain2(20))).toBeCloseTo(1, 1)
    expect(bands[1]).toBeLessThan(1e-3) // only Hann sidelobes of the 2 Hz tone and the filter's start-up
  })

  it('reports log10 powers with logPower, flooring zeros at −10', () => {
    const p = { ...params, logPower: true }
    const out = spectralBlock.compute(p, series([sine(128, 2, hz, rateHz)], rateHz))
    expect(out[4]).toBeCloseTo(Math.log10(4 / 3), 5)
    expect(out[6]).toBe(-10)
    expect(out[8]).toBeCloseTo(Math.log10(2), 5)
  })

  it('describes its output as axes × (3 + 2·peaks + bands) and names each feature', () => {
    const shape = { kind: 'series', frames: 200, axes: 3, rateHz: 100 } as const
    expect(spectralBlock.describeOutput(spectralBlock.defaults, shape)).toEqual([3 * (3 + 2 * 3 + 5)])
    expect(spectralBlock.describeOutput(params, shape)).toEqual([30])
    expect(spectralFeatureNames(params, ['x'])).toEqual([
      'x rms',
      'x skewness',
      'x kurtosis',
      'x peak 1 Hz',
      'x peak 1 power',
      'x peak 2 Hz',
      'x peak 2 power',
      'x power 0–4 Hz',
      'x power 4–16 Hz',
      'x power 16–50 Hz',
    ])
  })

  it('refuses a cutoff at or above Nyquist and image input, saying what to change', () => {
    const p = spectralParamsSchema.parse({ filterType: 'highpass', filterCutoffHz: 50 })
    expect(() =>
      spectralBlock.describeOutput(p, { kind: 'series', frames: 100, axes: 1, rateHz: 100 }),
    ).toThrow(
      expect.objectContaining({
        code: DspErrorCode.IncompatibleParams,
        message: expect.stringMatching(/Lower the cutoff/),
      }),
    )
    expect(() =>
      spectralBlock.describeOutput(params, { kind: 'image', width: 2, height: 2, channels: 3 }),
    ).toThrow(expect.objectContaining({ code: DspErrorCode.InputMismatch }))
  })

  it('rejects band edges that do not increase and FFT lengths that are not powers of two', () => {
    expect(spectralParamsSchema.safeParse({ bandEdgesHz: [1, 1, 2] }).success).toBe(false)
    expect(spectralParamsSchema.safeParse({ bandEdgesHz: [1] }).success).toBe(false)
    expect(spectralParamsSchema.safeParse({ fftLength: 100 }).success).toBe(false)
  })
})
