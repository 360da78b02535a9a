import { DspErrorCode } from '../../../src/shared/api/design'
import { describe, expect, it } from 'vitest'
import { preEmphasise } from '../../../src/core/dsp/audio-frontend'
import { mfeBlock, mfeParamsSchema } from '../../../src/core/dsp/blocks/mfe'
import type { SeriesInput } from '../../../src/core/dsp/types'
import { lcgNoise, referenceMelEnergies } from './reference'

const audio = (values: Float32Array, rateHz: number): SeriesInput => ({
  kind: 'series',
  values,
  frames: values.length,
  axes: 1,
  rateHz,
})

/**
 * The worked example of docs/dsp.md: a 1 kHz sine of amplitude A at 16 kHz, one 512-sample frame, a
 * 512-point FFT, periodic Hann, no pre-emphasis, 8 filters over 0–8000 Hz. The tone makes exactly 32 cycles,
 * so only bins 31, 32, 33 carry power: |X| = A·N/8, A·N/4, A·N/8, P = |X|²/N = 8A², 32A², 8A². Bins 31–33
 * (968.75–1031.25 Hz) lie between the centres of filters 2 (921.5 Hz) and 3 (1445.4 Hz), with weights
 * W3[k] = (mel(f_k) − 946.679)/315.560 = 0.102680, 0.168943, 0.233998 and W2 = 1 − W3, so
 * E2 = 39.900415·A², E3 = 8.099585·A² and every other filter gets 0.
 */
const toneParams = mfeParamsSchema.parse({
  frameLengthS: 0.032,
  frameStrideS: 0.032,
  fftLength: 512,
  numFilters: 8,
  preEmphasis: 0,
})
const tone = (amplitude: number): Float32Array =>
  Float32Array.from({ length: 512 }, (_, n) => amplitude * Math.sin((2 * Math.PI * 1000 * n) / 16000))

describe('MFE block', () => {
  it('gives the hand-derived energies of a 1 kHz tone in dB, floored at the noise floor', () => {
    const out = mfeBlock.compute({ ...toneParams, normalize: false }, audio(tone(1), 16000))
    const expected = [-52, -52, 10 * Math.log10(39.900415), 10 * Math.log10(8.099585), -52, -52, -52, -52]
    expected.forEach((v, m) => expect(out[m], `filter ${m}`).toBeCloseTo(v, 4))
    // the overlapping triangles sum to 1, so the two energies add up to the tone's total power 48·A²
    expect(10 ** (out[2]! / 10) + 10 ** (out[3]! / 10)).toBeCloseTo(48, 3)
  })

  it('normalises as clip((dB − floor)/(12 − floor), 0, 1)', () => {
    const out = mfeBlock.compute(toneParams, audio(tone(0.25), 16000))
    const e2 = 39.900415 / 16
    const e3 = 8.099585 / 16
    expect(out[2]).toBeCloseTo((10 * Math.log10(e2) + 52) / 64, 5)
    expect(out[3]).toBeCloseTo((10 * Math.log10(e3) + 52) / 64, 5)
    expect(out[0]).toBe(0)
    expect(mfeBlock.compute(toneParams, audio(tone(8), 16000))[2]).toBe(1)
  })

  it('matches an O(N²) DFT reference with pre-emphasis over several overlapping frames', () => {
    const n = 800
    const noise = lcgNoise(n, 42)
    const x = Float32Array.from(
      { length: n },
      (_, t) =>
        0.5 * Math.sin((2 * Math.PI * 440 * t) / 8000) +
        0.3 * Math.sin((2 * Math.PI * 1234.5 * t) / 8000) +
        0.05 * noise[t]!,
    )
    const p = mfeParamsSchema.parse({
      frameLengthS: 0.025,
      frameStrideS: 0.01,
      fftLength: 256,
      numFilters: 20,
      lowHz: 50,
      highHz: 3800,
      preEmphasis: 0.97,
      noiseFloorDb: -200,
      normalize: false,
    })
    const out = mfeBlock.compute(p, audio(x, 8000))
    const ref = referenceMelEnergies(x, {
      rateHz: 8000,
      frameSamples: 200,
      strideSamples: 80,
      nfft: 256,
      filters: 20,
      lowHz: 50,
      highHz: 3800,
      preEmphasis: 0.97,
    })
    expect(ref.length).toBe(8) // ⌊(800 − 200)/80⌋ + 1
    expect(out.length).toBe(8 * 20)
    ref.forEach((row, t) =>
      row.forEach((e, m) =>
        expect(Math.abs(out[t * 20 + m]! - 10 * Math.log10(e)), `t=${t} m=${m}`).toBeLessThan(1e-4),
      ),
    )
  })

  it('pre-emphasises y[0] = s·x[0], y[n] = s·(x[n] − α·x[n−1])', () => {
    expect(Array.from(preEmphasise([1, 2, 3], 3, 0.5, 2))).toEqual([2, 3, 4])
  })

  it('describes one second of 16 kHz audio with 20 ms / 10 ms frames as 99 × filters', () => {
    const shape = { kind: 'series', frames: 16000, axes: 1, rateHz: 16000 } as const
    expect(mfeBlock.describeOutput(mfeBlock.defaults, shape)).toEqual([99, 40])
    expect(mfeBlock.compute(mfeBlock.defaults, audio(lcgNoise(16000, 1), 16000)).length).toBe(99 * 40)
  })

  it('refuses multi-axis input, frames longer than the FFT and filters that fall between bins', () => {
    const shape = { kind: 'series', frames: 16000, axes: 1, rateHz: 16000 } as const
    const code = (p: object, s: object = shape): number | undefined => {
      try {
        mfeBlock.describeOutput(mfeParamsSchema.parse(p), s as typeof shape)
      } catch (e) {
        return (e as { code: number }).code
      }
      return undefined
    }
    expect(code({}, { ...shape, axes: 2 })).toBe(DspErrorCode.InputMismatch)
    expect(code({ fftLength: 256 })).toBe(DspErrorCode.IncompatibleParams) // 320-sample frames
    expect(code({ numFilters: 128, fftLength: 512 })).toBe(DspErrorCode.IncompatibleParams)
    expect(code({ highHz: 9000 })).toBe(DspErrorCode.IncompatibleParams)
    expect(code({ frameLengthS: 0.5, fftLength: 8192 }, { ...shape, frames: 4000 })).toBe(
      DspErrorCode.IncompatibleParams,
    )
    expect(mfeParamsSchema.safeParse({ frameLengthS: 2 }).success).toBe(false)
  })
})
