import { describe, expect, it } from 'vitest'
import { applyFilterbank, emptyFilters, hzToMel, melFilterbank, melToHz } from '../../../src/core/dsp/mel'
import { referenceMelWeights } from './reference'

function dense(fb: ReturnType<typeof melFilterbank>): number[][] {
  return Array.from({ length: fb.numFilters }, (_, m) => {
    const row = new Array<number>(fb.fftLength / 2 + 1).fill(0)
    for (let j = 0; j < fb.binCount[m]!; j++) row[fb.firstBin[m]! + j] = fb.weights[fb.offset[m]! + j]!
    return row
  })
}

describe('HTK mel scale', () => {
  it('maps 700 Hz to 1127·ln 2 and 1000 Hz to ≈1000 mel, and inverts exactly', () => {
    expect(hzToMel(0)).toBe(0)
    expect(hzToMel(700)).toBeCloseTo(781.17687, 4) // 1127 × 0.6931472
    expect(hzToMel(1000)).toBeCloseTo(999.9907, 4) // 1127 × ln(17/7) = 1127 × 0.8873032
    expect(hzToMel(8000)).toBeCloseTo(2840.0377, 4)
    for (const hz of [0, 55, 440, 3999.5, 8000]) expect(melToHz(hzToMel(hz))).toBeCloseTo(hz, 9)
  })
})

describe('mel filterbank (tf.signal.linear_to_mel_weight_matrix convention)', () => {
  // 3 filters over 0–4000 Hz on a 16-point FFT at 8 kHz: bins every 500 Hz.
  // Edges (mel): 0, 536.519, 1073.038, 1609.557, 2146.076 → 0, 426.8, 1113.8, 2219.8, 4000 Hz.
  const fb = melFilterbank({ numFilters: 3, fftLength: 16, rateHz: 8000, lowHz: 0, highHz: 4000 })

  it('places M + 2 edges equally spaced in mel', () => {
    const expected = [0, 536.5189, 1073.0378, 1609.5567, 2146.0756]
    expected.forEach((v, i) => expect(fb.edgesMel[i]).toBeCloseTo(v, 3))
    expect(melToHz(fb.edgesMel[1]!)).toBeCloseTo(426.803, 2)
    expect(melToHz(fb.edgesMel[3]!)).toBeCloseTo(2219.765, 2)
  })

  it('weighs each bin by its position on the triangle in mel (hand-computed table)', () => {
    // e.g. filter 0, bin 1 (500 Hz = 607.45 mel): min(607.45/536.52, (1073.04 − 607.45)/536.52) = 0.86780
    const byHand = [
      [0, 0.867796, 0.13615, 0, 0, 0, 0, 0, 0],
      [0, 0.132204, 0.86385, 0.59456, 0.164373, 0, 0, 0, 0],
      [0, 0, 0, 0.40544, 0.835627, 0.807487, 0.502521, 0.236269, 0],
    ]
    const ours = dense(fb)
    byHand.forEach((row, m) => row.forEach((w, k) => expect(ours[m]![k], `W[${m}][${k}]`).toBeCloseTo(w, 5)))
  })

  it('stores each filter as one contiguous run of non-zero weights', () => {
    expect(Array.from(fb.firstBin)).toEqual([1, 1, 3])
    expect(Array.from(fb.binCount)).toEqual([2, 4, 5])
  })

  it('agrees with the direct formula for a 40-filter, 512-point, 16 kHz bank with a 20–7600 Hz range', () => {
    const ours = dense(
      melFilterbank({ numFilters: 40, fftLength: 512, rateHz: 16000, lowHz: 20, highHz: 7600 }),
    )
    const ref = referenceMelWeights(40, 512, 16000, 20, 7600)
    ref.forEach((row, m) => row.forEach((w, k) => expect(Math.abs(ours[m]![k]! - w)).toBeLessThan(1e-7)))
  })

  it('sums overlapping triangles to 1 between the first and last centre', () => {
    const ref = dense(melFilterbank({ numFilters: 20, fftLength: 256, rateHz: 8000, lowHz: 0, highHz: 4000 }))
    const firstCentre = melToHz(hzToMel(4000) / 21)
    const lastCentre = melToHz((20 * hzToMel(4000)) / 21)
    for (let k = 0; k <= 128; k++) {
      const f = (k * 8000) / 256
      if (f < firstCentre || f > lastCentre) continue
      expect(ref.reduce((s, row) => s + row[k]!, 0)).toBeCloseTo(1, 6)
    }
  })

  it('applies weights as E[m] = Σ W[m][k]·P[k]', () => {
    const power = Float64Array.from({ length: 9 }, (_, k) => k + 1)
    const out = new Float64Array(3)
    applyFilterbank(fb, power, out, 0)
    expect(out[0]).toBeCloseTo(0.867796 * 2 + 0.13615 * 3, 5)
  })

  it('reports filters that no FFT bin reaches', () => {
    const crowded = melFilterbank({ numFilters: 40, fftLength: 32, rateHz: 16000, lowHz: 0, highHz: 8000 })
    expect(emptyFilters(crowded).length).toBeGreaterThan(0)
    expect(emptyFilters(fb)).toEqual([])
  })
})
