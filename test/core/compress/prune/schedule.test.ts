import { describe, expect, it } from 'vitest'
import { magnitudeMask, sparsityAt } from '../../../../src/core/compress/prune/schedule'

const schedule = { initialSparsity: 0.1, finalSparsity: 0.9, beginStep: 100, endStep: 1100 }

describe('polynomial sparsity schedule', () => {
  it('starts at the initial sparsity, ends at the final one and follows the cubic in between', () => {
    expect(sparsityAt(0, schedule)).toBe(0.1)
    expect(sparsityAt(100, schedule)).toBe(0.1)
    // Half-way: 0.9 + (0.1 − 0.9)·0.5³ = 0.8
    expect(sparsityAt(600, schedule)).toBeCloseTo(0.8, 12)
    expect(sparsityAt(1100, schedule)).toBe(0.9)
    expect(sparsityAt(5000, schedule)).toBe(0.9)
  })

  it('never decreases along the way', () => {
    let last = 0
    for (let t = 0; t <= 1200; t += 10) {
      const s = sparsityAt(t, schedule)
      expect(s).toBeGreaterThanOrEqual(last)
      last = s
    }
  })

  it('rejects sparsity of 100% or more and schedules that end before they begin', () => {
    expect(() => sparsityAt(1, { ...schedule, finalSparsity: 1 })).toThrow(/below 1/)
    expect(() => sparsityAt(1, { ...schedule, endStep: 50 })).toThrow(/end after it begins/)
  })
})

describe('magnitudeMask', () => {
  it('prunes exactly the requested fraction, smallest magnitudes first', () => {
    const w = Float32Array.from([0.5, -0.01, 0.3, -0.9, 0.02, 0.0, -0.4, 0.1])
    expect(Array.from(magnitudeMask(w, 0.5))).toEqual([1, 0, 1, 1, 0, 0, 1, 0])
    expect(Array.from(magnitudeMask(w, 0))).toEqual([1, 1, 1, 1, 1, 1, 1, 1])
  })

  it('keeps the count exact when many weights tie at the threshold', () => {
    const mask = magnitudeMask(new Float32Array(10).fill(0.3), 0.3)
    expect(mask.reduce((a, b) => a + b, 0)).toBe(7)
  })
})
