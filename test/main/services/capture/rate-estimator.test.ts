import { describe, expect, it } from 'vitest'
import { RateEstimator, modalCount, snapRateHz } from '../../../../src/main/services/capture/rate-estimator'

function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32
}

describe('rate detection from line arrivals', () => {
  it('finds 2 Hz … 2 kHz within 1 % from 2 s of lines arriving in USB-sized bursts with 3 ms of jitter', () => {
    const rand = lcg(2)
    for (const rateHz of [2, 2.5, 10, 37, 100, 250, 500, 1000, 2000]) {
      const est = new RateEstimator()
      const lines = Math.max(5, Math.round(2 * rateHz))
      for (let i = 0; i < lines; i++) {
        // Lines are read in bursts every 4 ms (a USB/pty read), stamped with the read time plus jitter.
        const madeAt = (i * 1000) / rateHz
        est.add(Math.ceil(madeAt / 4) * 4 + rand() * 3)
      }
      const rate = snapRateHz(est.rateHz()!)
      expect(Math.abs(rate - rateHz) / rateHz, `${rateHz} Hz`).toBeLessThan(0.01)
    }
  })

  it('is not pulled by late bursts: 300 ms stalls of the reading process in the middle and at the end', () => {
    for (const rateHz of [10, 100, 1000]) {
      const est = new RateEstimator()
      const lines = 2 * rateHz
      for (let i = 0; i < lines; i++) {
        const madeAt = (i * 1000) / rateHz
        // Two stalls: everything made in [800, 1100) and [1700, 2000) ms arrives at their ends.
        const stalled = madeAt >= 800 && madeAt < 1100 ? 1100 : madeAt >= 1700 ? 2000 : madeAt
        est.add(Math.ceil(stalled / 4) * 4)
      }
      expect(Math.abs(est.rateHz()! - rateHz) / rateHz, `${rateHz} Hz`).toBeLessThan(0.005)
    }
  })

  it('snaps near-whole rates and keeps 4 digits otherwise', () => {
    expect(snapRateHz(99.83)).toBe(100)
    expect(snapRateHz(98.37)).toBe(98.37)
    expect(snapRateHz(2.004)).toBe(2)
    expect(snapRateHz(0.5)).toBe(0.5)
  })

  it('takes the axis count most lines have, unless no count dominates', () => {
    expect(
      modalCount(
        new Map([
          [3, 100],
          [1, 2],
        ]),
      ),
    ).toBe(3)
    expect(
      modalCount(
        new Map([
          [3, 50],
          [4, 50],
        ]),
      ),
    ).toBeUndefined()
  })
})
