import { describe, expect, it } from 'vitest'
import { INT32_MAX } from '../../../../src/core/compress/quantize/fixed-point'
import {
  expOnNegativeValues,
  getReciprocal,
  oneOverOnePlusXForXIn01,
} from '../../../../src/core/compress/quantize/fixed-point-math'

const Q31 = 2 ** 31

describe('gemmlowp fixed-point exp and reciprocal', () => {
  it('exp_on_negative_values(0) is exactly One (INT32_MAX) in Q0.31', () => {
    expect(expOnNegativeValues(0, 5)).toBe(INT32_MAX)
  })

  it('exp_on_negative_values approximates exp(x) to within 2^-21 over [−31, 0) for a Q5.26 input', () => {
    // gemmlowp's 4th-order Taylor polynomial on [−1/4, 0) limits the accuracy to about 2^-22.
    for (let i = 1; i <= 4000; i++) {
      const raw = Math.round(-(i / 4000) * 31 * 2 ** 26)
      expect(Math.abs(expOnNegativeValues(raw, 5) / Q31 - Math.exp(raw / 2 ** 26))).toBeLessThan(2 ** -21)
    }
  })

  it('gives the raw values of a native build of gemmlowp fixedpoint.h', () => {
    // Produced by compiling gemmlowp's scalar exp_on_negative_values<FixedPoint<int32_t, 5>> with g++ (see
    // docs/tflite.md, "How the arithmetic was checked"); 200,000 random inputs agreed, these are a sample.
    const golden: [number, number][] = [
      [0, 2147483647],
      [-1, 2147483124],
      [-16777216, 1672462419],
      [-67108864, 790015308],
      [-123456789, 341177383],
      [-2147483647, 0],
    ]
    for (const [raw, expected] of golden) expect(expOnNegativeValues(raw, 5), `exp(${raw})`).toBe(expected)
  })

  it('one_over_one_plus_x approximates 1/(1+x) on [0, 1) to within 2^-28', () => {
    for (let i = 0; i < 1000; i++) {
      const x = i / 1000
      expect(Math.abs(oneOverOnePlusXForXIn01(Math.round(x * Q31)) / Q31 - 1 / (1 + x))).toBeLessThan(
        2 ** -28,
      )
    }
  })

  it('GetReciprocal gives 1/x as a Q0.31 scale and a power of two', () => {
    for (const x of [1 << 19, 3 << 19, 1234567, 7 << 22]) {
      const { scale, numBitsOverUnit } = getReciprocal(x, 12)
      const real = x / 2 ** 19 // Q12.19
      expect(Math.abs((scale / Q31) * 2 ** -numBitsOverUnit - 1 / real) * real).toBeLessThan(1e-7)
    }
  })
})
