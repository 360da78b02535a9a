import { DspErrorCode } from '../../../src/shared/api/design'
import { describe, expect, it } from 'vitest'
import { mfccBlock, mfccParamsSchema } from '../../../src/core/dsp/blocks/mfcc'
import { dctTable } from '../../../src/core/dsp/dct'
import type { SeriesInput } from '../../../src/core/dsp/types'
import { lcgNoise, maxAbsDiff, referenceDct, referenceMelEnergies } from './reference'

const audio = (values: Float32Array, rateHz: number): SeriesInput => ({
  kind: 'series',
  values,
  frames: values.length,
  axes: 1,
  rateHz,
})

describe('MFCC block', () => {
  it('gives the closed-form coefficients of a 1 kHz tone (worked example in docs/dsp.md)', () => {
    // Same frame as the MFE worked example (A = 1): E2 = 39.900415, E3 = 8.099585, others 0 → floor.
    // l = ln(max(E, 10^(−100/10))): l2 = 3.686387, l3 = 2.091813, the other six F = ln 1e−10 = −23.025851.
    // With orthonormal DCT-II over M = 8: c0 = √(1/8)·(6F + l2 + l3);
    // for k ≥ 1, Σ_m F·cos(πk(2m+1)/16) = 0, so c_k = √(2/8)·((l2 − F)·cos(5πk/16) + (l3 − F)·cos(7πk/16)).
    const p = mfccParamsSchema.parse({
      frameLengthS: 0.032,
      frameStrideS: 0.032,
      fftLength: 512,
      numFilters: 8,
      numCoefficients: 8,
      preEmphasis: 0,
      noiseFloorDb: -100,
    })
    const x = Float32Array.from({ length: 512 }, (_, n) => Math.sin((2 * Math.PI * 1000 * n) / 16000))
    const out = mfccBlock.compute(p, audio(x, 16000))
    const [l2, l3, f] = [Math.log(39.900415), Math.log(8.099585), Math.log(1e-10)]
    const closedForm = [
      Math.sqrt(1 / 8) * (6 * f + l2 + l3),
      ...[1, 2, 3, 4, 5, 6, 7].map(
        (k) =>
          Math.sqrt(2 / 8) *
          ((l2 - f) * Math.cos((5 * Math.PI * k) / 16) + (l3 - f) * Math.cos((7 * Math.PI * k) / 16)),
      ),
    ]
    // the same numbers from scipy.fft.dct(l, type=2, norm='ortho'), as a cross-check of the closed form
    const scipy = [-46.802304, 9.870369, -16.714013, -20.076798, -0.563767, 13.047937, 7.533388, -1.212311]
    closedForm.forEach((c, k) => expect(c).toBeCloseTo(scipy[k]!, 5))
    closedForm.forEach((c, k) => expect(out[k], `c${k}`).toBeCloseTo(c, 4))
  })

  it('matches an O(N²) DFT + direct DCT reference on a noisy two-tone signal with pre-emphasis and lifter', () => {
    const n = 800
    const noise = lcgNoise(n, 7)
    const x = Float32Array.from(
      { length: n },
      (_, t) =>
        0.5 * Math.sin((2 * Math.PI * 440 * t) / 8000) +
        0.3 * Math.sin((2 * Math.PI * 1234.5 * t) / 8000) +
        0.05 * noise[t]!,
    )
    const p = mfccParamsSchema.parse({
      frameLengthS: 0.025,
      frameStrideS: 0.01,
      fftLength: 256,
      numFilters: 20,
      numCoefficients: 12,
      lifter: 22,
      preEmphasis: 0.97,
      noiseFloorDb: -100,
    })
    const out = mfccBlock.compute(p, audio(x, 8000))
    const energies = referenceMelEnergies(x, {
      rateHz: 8000,
      frameSamples: 200,
      strideSamples: 80,
      nfft: 256,
      filters: 20,
      lowHz: 0,
      highHz: 4000,
      preEmphasis: 0.97,
    })
    const ref = energies.flatMap((row) =>
      referenceDct(
        row.map((e) => Math.log(Math.max(e, 1e-10))),
        12,
        22,
      ),
    )
    expect(out.length).toBe(8 * 12)
    expect(maxAbsDiff(out, ref)).toBeLessThan(1e-4)
  })

  it('scales coefficient k by the HTK lifter 1 + (L/2)·sin(πk/L)', () => {
    const plain = dctTable(10, 5, 0)
    const lifted = dctTable(10, 5, 22)
    for (let k = 0; k < 5; k++) {
      expect(lifted[k * 10 + 3]! / plain[k * 10 + 3]!).toBeCloseTo(1 + 11 * Math.sin((Math.PI * k) / 22), 6)
    }
  })

  it('describes one second of 16 kHz audio with 20 ms / 10 ms frames as 99 × 13', () => {
    const shape = { kind: 'series', frames: 16000, axes: 1, rateHz: 16000 } as const
    expect(mfccBlock.describeOutput(mfccBlock.defaults, shape)).toEqual([99, 13])
  })

  it('refuses more coefficients than filters', () => {
    const p = mfccParamsSchema.parse({ numFilters: 10, numCoefficients: 13 })
    expect(() =>
      mfccBlock.describeOutput(p, { kind: 'series', frames: 16000, axes: 1, rateHz: 16000 }),
    ).toThrow(expect.objectContaining({ code: DspErrorCode.IncompatibleParams }))
  })
})
