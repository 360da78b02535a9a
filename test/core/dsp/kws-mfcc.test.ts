import { describe, expect, it } from 'vitest'
import { kwsClip, kwsMfccBlock, kwsMfccParamsSchema } from '../../../src/core/dsp/blocks/kws-mfcc'
import { computeFeatures, parseFeatureDesign } from '../../../src/core/dsp'
import type { SeriesInput } from '../../../src/core/dsp/types'
import { DspErrorCode } from '../../../src/shared/api/design'

/**
 * An independent, deliberately plain implementation of the MLPerf Tiny KWS pipeline, written from the
 * TensorFlow ops' definitions (not from the block): reduce_max normalisation, pad to 16000, the
 * pad-2-slice-at-2 shift, a direct O(N²) DFT of each Hann-windowed frame, |X|, TF's
 * `linear_to_mel_weight_matrix` built with linspace as TF does, log(mel + 1e-6), TF's unnormalised
 * DCT-II (2·Σ x·cos) times rsqrt(2M), the first 10.
 */
function referenceKws(x: readonly number[]): number[][] {
  const clipSamples = 16000
  const peak = Math.max(...x)
  const normalised = x.map((v) => v / peak)
  const clip = Array.from({ length: clipSamples }, (_, i) => normalised[i] ?? 0)
  const padded = [0, 0, ...clip, 0, 0]
  const shifted = padded.slice(2, 2 + clipSamples)
  const [L, S, N, M, K] = [480, 320, 512, 40, 10]
  const bins = N / 2 + 1
  const hann = Array.from({ length: L }, (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / L))
  const mel = (hz: number) => 1127 * Math.log(1 + hz / 700)
  // linspace(0, nyquist, bins)[1:] against linspace(mel(20), mel(4000), M + 2) framed by 3; row 0 (DC) is 0.
  const binMel = Array.from({ length: bins }, (_, k) => mel((8000 * k) / (bins - 1)))
  const edges = Array.from({ length: M + 2 }, (_, i) => mel(20) + (i * (mel(4000) - mel(20))) / (M + 1))
  const weight = (k: number, m: number) =>
    k === 0
      ? 0
      : Math.max(
          0,
          Math.min(
            (binMel[k]! - edges[m]!) / (edges[m + 1]! - edges[m]!),
            (edges[m + 2]! - binMel[k]!) / (edges[m + 2]! - edges[m + 1]!),
          ),
        )
  const frames = Math.floor((clipSamples - L) / S) + 1
  const out: number[][] = []
  for (let t = 0; t < frames; t++) {
    const magnitude: number[] = []
    for (let k = 0; k < bins; k++) {
      let re = 0
      let im = 0
      for (let n = 0; n < L; n++) {
        const v = shifted[t * S + n]! * hann[n]!
        re += v * Math.cos((2 * Math.PI * k * n) / N)
        im -= v * Math.sin((2 * Math.PI * k * n) / N)
      }
      magnitude.push(Math.hypot(re, im))
    }
    const logMel = Array.from({ length: M }, (_, m) => {
      let sum = 0
      for (let k = 0; k < bins; k++) sum += magnitude[k]! * weight(k, m)
      return Math.log(sum + 1e-6)
    })
    out.push(
      Array.from({ length: K }, (_, k) => {
        let dct = 0
        for (let m = 0; m < M; m++) dct += 2 * logMel[m]! * Math.cos((Math.PI * k * (2 * m + 1)) / (2 * M))
        return dct / Math.sqrt(2 * M)
      }),
    )
  }
  return out
}

/** A word-like test clip: two gliding tones under a burst envelope, plus seeded noise; 0.7 s long. */
function testClip(samples = 11_200): Float32Array {
  let seed = 12345
  const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5) * 0.02
  return Float32Array.from({ length: samples }, (_, n) => {
    const t = n / 16000
    const envelope = Math.exp(-(((t - 0.35) / 0.15) ** 2))
    return (
      0.4 * envelope * Math.sin(2 * Math.PI * (300 + 400 * t) * t) +
      0.2 * envelope * Math.sin(2 * Math.PI * 1800 * t) +
      noise()
    )
  })
}

const audio = (values: Float32Array): SeriesInput => ({
  kind: 'series',
  values,
  frames: values.length,
  axes: 1,
  rateHz: 16000,
})

describe('the MLPerf Tiny keyword-spotting front end', () => {
  it('gives the 49 × 10 coefficients that the TensorFlow formulas give, computed by hand', () => {
    const x = testClip()
    const p = kwsMfccParamsSchema.parse({ quantize: false })
    const out = kwsMfccBlock.compute(p, audio(x))
    const expected = referenceKws(Array.from(x))
    expect(kwsMfccBlock.describeOutput(p, audio(x))).toEqual([49, 10])
    expect(expected.length).toBe(49)
    let worst = 0
    for (let t = 0; t < 49; t++)
      for (let k = 0; k < 10; k++) worst = Math.max(worst, Math.abs(out[t * 10 + k]! - expected[t]![k]!))
    // The mel weights are float32 in the block (as in TF); the rest is double on both sides.
    expect(worst).toBeLessThan(2e-4)
    // The silent tail (padding) gives log(1e-6) in every filter: c0 = √(2/40)·40·ln(1e-6), c_k>0 = 0.
    expect(out[48 * 10]!).toBeCloseTo(Math.sqrt(2 / 40) * 40 * Math.log(1e-6), 3)
    expect(Math.abs(out[48 * 10 + 3]!)).toBeLessThan(1e-3)
  })

  it("quantizes every value on the model input's int8 grid (scale 0.584703, zero point 83)", () => {
    const x = testClip()
    const scale = 0.5847029089927673
    const float = kwsMfccBlock.compute(kwsMfccParamsSchema.parse({ quantize: false }), audio(x))
    const q = kwsMfccBlock.compute(kwsMfccParamsSchema.parse({}), audio(x))
    for (let i = 0; i < q.length; i++) {
      const code = Math.round(q[i]! / scale) + 83
      expect(Math.abs(q[i]! / scale + 83 - code)).toBeLessThan(1e-3)
      expect(code).toBeGreaterThanOrEqual(-128)
      expect(code).toBeLessThanOrEqual(127)
      // Inside the grid's range the value moves by at most half a step; outside it is clamped to the end.
      const clampedLow = (-128 - 83) * scale
      const clampedHigh = (127 - 83) * scale
      const expected = Math.min(clampedHigh, Math.max(clampedLow, float[i]!))
      expect(Math.abs(q[i]! - expected)).toBeLessThanOrEqual(scale / 2 + 1e-4)
    }
  })

  it('normalises by the largest value, pads to 16 000 samples, and its 2-sample shift leaves the clip in place', () => {
    const clip = kwsClip([0.1, -0.5, 0.25, 0.05], 4, 16000)
    expect(clip.length).toBe(16000)
    expect(Array.from(clip.subarray(0, 5))).toEqual([0.4, -2, 1, 0.2, 0])
    const loud = kwsMfccBlock.compute(kwsMfccParamsSchema.parse({ quantize: false }), audio(testClip()))
    const quiet = kwsMfccBlock.compute(
      kwsMfccParamsSchema.parse({ quantize: false }),
      audio(testClip().map((v) => v * 0.1)),
    )
    for (let i = 0; i < loud.length; i++) expect(quiet[i]).toBeCloseTo(loud[i]!, 3)
  })

  it('refuses audio that is not 16 kHz mono, with the fix', () => {
    const p = kwsMfccParamsSchema.parse({})
    const shape = { kind: 'series' as const, frames: 8000, axes: 1, rateHz: 8000 }
    expect(() => kwsMfccBlock.describeOutput(p, shape)).toThrow(/16000 Hz.*Resample/)
    expect(() => kwsMfccBlock.describeOutput(p, { ...shape, rateHz: 16000, axes: 2 })).toThrow(
      expect.objectContaining({ code: DspErrorCode.InputMismatch }),
    )
  })

  it('is a block of the registry that a design can name', () => {
    const design = parseFeatureDesign({
      window: { lengthMs: 1000, strideMs: 500 },
      blocks: [{ block: 'kws-mfcc', params: {} }],
    })
    const values = new Float32Array(16000)
    values.set(testClip(), 2000)
    const features = computeFeatures(values, { axes: 1, rateHz: 16000 }, design, 0)
    expect(features.length).toBe(490)
  })
})
