import { describe, expect, it } from 'vitest'
import {
  calculateInputRadius,
  frexp,
  preprocessSoftmaxScaling,
  quantizeMultiplier,
  roundHalfAwayFromZero,
} from '../../../../src/core/compress/quantize/quantize-multiplier'

describe('quantizeMultiplier', () => {
  it('encodes powers of two as 2^30 with the matching shift', () => {
    expect(quantizeMultiplier(0.5)).toEqual({ multiplier: 1073741824, shift: 0 })
    expect(quantizeMultiplier(1)).toEqual({ multiplier: 1073741824, shift: 1 })
    expect(quantizeMultiplier(2 ** -10)).toEqual({ multiplier: 1073741824, shift: -9 })
  })

  it('rounds the Q31 fraction half away from zero and renormalises a fraction that rounds up to 1', () => {
    // 0.75 · 2^31 = 1610612736 exactly.
    expect(quantizeMultiplier(0.75)).toEqual({ multiplier: 1610612736, shift: 0 })
    // Just below 1: q·2^31 rounds to 2^31, so TFLite halves it and bumps the shift.
    expect(quantizeMultiplier(1 - 2 ** -40)).toEqual({ multiplier: 1073741824, shift: 1 })
    // 1/3 → round(2/3 · 2^31) = 1431655765 with shift −1.
    expect(quantizeMultiplier(1 / 3)).toEqual({ multiplier: 1431655765, shift: -1 })
  })

  it('flushes multipliers below 2^-32 to zero as the C does', () => {
    expect(quantizeMultiplier(2 ** -33)).toEqual({ multiplier: 0, shift: 0 })
    expect(quantizeMultiplier(2 ** -32)).toEqual({ multiplier: 1073741824, shift: -31 })
    expect(quantizeMultiplier(0)).toEqual({ multiplier: 0, shift: 0 })
  })

  it('reproduces a multiplier with relative error below 2^-30 over many scales', () => {
    for (let i = 0; i < 2000; i++) {
      const real = Math.exp((i / 2000) * 30 - 20)
      const { multiplier, shift } = quantizeMultiplier(real)
      expect(multiplier).toBeGreaterThanOrEqual(1073741824)
      expect(multiplier).toBeLessThan(2147483648)
      expect(Math.abs((multiplier * 2 ** (shift - 31)) / real - 1)).toBeLessThan(2 ** -30)
    }
  })
})

describe('frexp and rounding', () => {
  it('splits numbers into a fraction in [0.5, 1) and an exponent exactly', () => {
    for (const x of [1, 0.5, 0.75, 3, 1e-9, 123456.789, 2 ** 52 + 1]) {
      const { fraction, exponent } = frexp(x)
      expect(fraction).toBeGreaterThanOrEqual(0.5)
      expect(fraction).toBeLessThan(1)
      expect(fraction * 2 ** exponent).toBe(x)
    }
  })

  it('rounds halves away from zero like C round()', () => {
    expect(roundHalfAwayFromZero(2.5)).toBe(3)
    expect(roundHalfAwayFromZero(-2.5)).toBe(-3)
    expect(roundHalfAwayFromZero(-2.4)).toBe(-2)
    expect(roundHalfAwayFromZero(0.49999999999999994)).toBe(0)
  })
})

describe('softmax scaling', () => {
  it('matches the MLPerf KWS softmax input (scale 2^-4 … any) computation by hand', () => {
    // beta 1, input scale 0.125: real = 0.125 · 2^26 = 2^23 → multiplier 2^30, shift 24.
    expect(preprocessSoftmaxScaling(1, 0.125, 5)).toEqual({ multiplier: 1073741824, shift: 24 })
    // radius = floor(31 · 2^26 / 2^24) = 124.
    expect(calculateInputRadius(5, 24)).toBe(124)
  })

  it('caps the real multiplier at 2^31 − 1', () => {
    const { multiplier, shift } = preprocessSoftmaxScaling(1, 1000, 5)
    expect(multiplier * 2 ** (shift - 31)).toBeCloseTo(2147483647, -1)
  })
})
