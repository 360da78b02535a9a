import { describe, expect, it } from 'vitest'
import { augmentWindow } from '../../../src/core/train/augment'
import { createRng } from '../../../src/core/train/random'
import { augmentationSchema } from '../../../src/core/train/settings'

const aug = (o: object) => augmentationSchema.parse({ copies: 1, ...o })
/** Frame t of axis a is 100·t + a: shifts are easy to read back. */
const ramp = (frames: number, axes: number) =>
  Float32Array.from({ length: frames * axes }, (_, i) => 100 * Math.floor(i / axes) + (i % axes))

describe('augmentation of a training window', () => {
  it('shifts in time within the bound, repeating the edge frame past the ends of the sample', () => {
    const values = ramp(10, 2)
    const shifts = new Set<number>()
    for (let seed = 0; seed < 200; seed++) {
      const w = augmentWindow(values, 2, 0, 4, 1000, aug({ timeShiftMs: 3 }), createRng(seed), [])
      const first = w[0]! / 100
      shifts.add(first)
      // frames stay in order, one step at a time (or repeat the first frame before the start)
      for (let t = 1; t < 4; t++) expect([0, 100]).toContain(w[t * 2]! - w[(t - 1) * 2]!)
      expect(w[1]! - w[0]!).toBe(1)
    }
    // start frame 0 shifted by −3…3 frames, clamped at 0: the first frame is 0, 1, 2 or 3
    expect([...shifts].sort()).toEqual([0, 1, 2, 3])
    const end = augmentWindow(values, 2, 8, 4, 1000, aug({ timeShiftMs: 0 }), createRng(1), [])
    expect(Array.from(end.filter((_, i) => i % 2 === 0))).toEqual([800, 900, 900, 900])
  })

  it('adds noise with the requested fraction of each axis’s spread', () => {
    const values = Float32Array.from({ length: 4000 * 2 }, (_, i) =>
      i % 2 === 0 ? Math.sin(i / 20) * 10 : 0.5,
    )
    const w = augmentWindow(values, 2, 0, 4000, 100, aug({ noise: 0.1 }), createRng(4), [])
    let sq = 0
    for (let t = 0; t < 4000; t++) sq += (w[t * 2]! - values[t * 2]!) ** 2
    // the sine's std is 10/√2 ≈ 7.07: noise std ≈ 0.707
    expect(Math.sqrt(sq / 4000)).toBeGreaterThan(0.65)
    expect(Math.sqrt(sq / 4000)).toBeLessThan(0.77)
    // the constant axis has no spread, so it gets no noise
    for (let t = 0; t < 4000; t++) expect(w[t * 2 + 1]).toBe(0.5)
  })

  it('mixes a background under one-axis audio, at most at the given gain', () => {
    const speech = new Float32Array(100)
    const background = Float32Array.from({ length: 50 }, () => 1)
    const levels = new Set<number>()
    for (let seed = 0; seed < 50; seed++) {
      const w = augmentWindow(speech, 1, 0, 100, 16000, aug({ backgroundGain: 0.5 }), createRng(seed), [
        background,
      ])
      expect(new Set(w).size).toBe(1) // a constant background wraps around
      expect(w[0]!).toBeGreaterThanOrEqual(0)
      expect(w[0]!).toBeLessThanOrEqual(0.5)
      levels.add(w[0]!)
    }
    expect(levels.size).toBeGreaterThan(40)
    expect(
      augmentWindow(ramp(10, 3), 3, 0, 4, 100, aug({ backgroundGain: 1 }), createRng(1), [background]),
    ).toEqual(ramp(4, 3))
  })
})
