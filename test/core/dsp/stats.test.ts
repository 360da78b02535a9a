import { describe, expect, it } from 'vitest'
import { moments } from '../../../src/core/dsp/stats'

describe('moments: rms (mean removed), skewness, excess kurtosis', () => {
  it('gives the hand-computed values of 1…5: m2 = 2, m3 = 0, m4 = 6.8', () => {
    const m = moments([1, 2, 3, 4, 5])
    expect(m.mean).toBe(3)
    expect(m.rms).toBeCloseTo(Math.SQRT2, 14)
    expect(m.skewness).toBeCloseTo(0, 14)
    expect(m.kurtosis).toBeCloseTo(6.8 / 4 - 3, 14) // −1.3, as scipy.stats.kurtosis
  })

  it('gives 2/√3 skewness and −2/3 kurtosis for [0, 0, 0, 1] (Bernoulli ¼)', () => {
    // deviations −¼ ×3, ¾: m2 = 3/16, m3 = 3/32, m4 = 21/256 → skew = (3/32)/(3/16)^1.5, kurt = (21/256)/(9/256) − 3
    const m = moments([0, 0, 0, 1])
    expect(m.skewness).toBeCloseTo(2 / Math.sqrt(3), 13)
    expect(m.kurtosis).toBeCloseTo(21 / 9 - 3, 13)
  })

  it('matches scipy.stats on an irregular sequence', () => {
    // scipy 1.17: np.std, stats.skew, stats.kurtosis of [2, 8, 0, 4, 1, 9, 9, 0]
    const m = moments([2, 8, 0, 4, 1, 9, 9, 0])
    expect(m.rms).toBeCloseTo(3.7228181529588578, 12)
    expect(m.skewness).toBeCloseTo(0.2650554122698573, 12)
    expect(m.kurtosis).toBeCloseTo(-1.6660010752838508, 12)
  })

  it('gives A/√2, 0 and −1.5 for a sine over whole periods', () => {
    const x = Array.from({ length: 400 }, (_, i) => 3 * Math.sin((2 * Math.PI * 7 * i) / 400) + 10)
    const m = moments(x)
    expect(m.rms).toBeCloseTo(3 / Math.SQRT2, 12)
    expect(m.skewness).toBeCloseTo(0, 12)
    expect(m.kurtosis).toBeCloseTo(-1.5, 12)
  })

  it('approaches the exponential distribution’s skewness 2 and kurtosis 6 on its quantiles', () => {
    const n = 100_000
    const x = Array.from({ length: n }, (_, i) => -Math.log(1 - (i + 0.5) / n))
    const m = moments(x)
    // the quantile grid truncates the tail; scipy gives 1.99859 and 5.97284 on this same grid
    expect(m.skewness).toBeCloseTo(1.9985909485932458, 9)
    expect(m.kurtosis).toBeCloseTo(5.972839718951999, 8)
    expect(m.rms).toBeCloseTo(1, 2)
  })

  it('approaches the uniform distribution’s −1.2 kurtosis', () => {
    const n = 10_000
    const m = moments(Array.from({ length: n }, (_, i) => i / n))
    expect(m.kurtosis).toBeCloseTo(-1.2, 6)
    expect(m.skewness).toBeCloseTo(0, 10)
  })

  it('returns finite zeros for a flat window instead of NaN', () => {
    expect(moments([4, 4, 4, 4])).toEqual({ mean: 4, rms: 0, skewness: 0, kurtosis: 0 })
    expect(moments([])).toEqual({ mean: 0, rms: 0, skewness: 0, kurtosis: 0 })
  })
})
