import { describe, expect, it } from 'vitest'
import { createRng, hashString, shuffled } from '../../../src/core/train/random'

describe('the seeded random source', () => {
  it('is mulberry32: the first draws for seed 1 match the reference C implementation', () => {
    // the reference C (t = a += 0x6D2B79F5; t = (t ^ t >> 15) * (t | 1); t ^= t + (t ^ t >> 7) * (t | 61);
    // return t ^ t >> 14) compiled with gcc and run with a = 1 prints these three uint32 values
    const rng = createRng(1)
    const draws = [rng.next(), rng.next(), rng.next()].map((x) => Math.round(x * 2 ** 32))
    expect(draws).toEqual([2693262067, 11749833, 2265367787])
  })

  it('repeats for a seed and differs between seeds', () => {
    const a = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(createRng(42)),
    )
    const b = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(createRng(42)),
    )
    const c = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(createRng(43)),
    )
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
  })

  it('draws normals with mean 0 and variance 1, and shuffles every element once', () => {
    const rng = createRng(7)
    const xs = Array.from({ length: 20000 }, () => rng.normal())
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length
    expect(Math.abs(mean)).toBeLessThan(0.03)
    expect(Math.abs(variance - 1)).toBeLessThan(0.05)
    expect(shuffled([1, 2, 3, 4, 5], createRng(3)).sort()).toEqual([1, 2, 3, 4, 5])
    expect(hashString('a')).not.toBe(hashString('b'))
  })
})
