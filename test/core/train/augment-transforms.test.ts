import { describe, expect, it } from 'vitest'
import { augmentWindow, maskFeatures, readPositions } from '../../../src/core/train/augment'
import { createRng } from '../../../src/core/train/random'
import { augmentationSchema } from '../../../src/core/train/settings'

const aug = (o: object) => augmentationSchema.parse({ copies: 1, ...o })
/** Frame t of axis a is 100·t + a. */
const ramp = (frames: number, axes: number) =>
  Float32Array.from({ length: frames * axes }, (_, i) => 100 * Math.floor(i / axes) + (i % axes))
const axis = (w: Float32Array, axes: number, a: number) => Array.from(w.filter((_, i) => i % axes === a))

describe('each augmentation transform changes the window as stated', () => {
  it('gain multiplies every axis by one factor 10^(g/20), g within ±gainDb', () => {
    const values = ramp(8, 3).map((v) => v + 1)
    const gains = new Set<number>()
    for (let seed = 0; seed < 100; seed++) {
      const w = augmentWindow(values, 3, 0, 8, 100, aug({ gainDb: 6 }), createRng(seed), [])
      const g = w[0]! / values[0]!
      for (let i = 0; i < w.length; i++) expect(w[i]! / values[i]!).toBeCloseTo(g, 4)
      const db = 20 * Math.log10(g)
      expect(Math.abs(db)).toBeLessThanOrEqual(6 + 1e-6)
      gains.add(Math.round(db * 100))
    }
    expect(gains.size).toBeGreaterThan(50)
  })

  it('speed perturbation reads audio at one rate within 1 ± speed, interpolating between samples', () => {
    const values = ramp(1000, 1)
    const rates = new Set<number>()
    for (let seed = 0; seed < 50; seed++) {
      const w = augmentWindow(values, 1, 100, 200, 16000, aug({ speed: 0.1 }), createRng(seed), [])
      const rate = (w[199]! - w[0]!) / 100 / 199
      expect(w[0]).toBe(10_000) // the window still starts where it did
      for (let t = 1; t < 200; t++) expect((w[t]! - w[t - 1]!) / 100).toBeCloseTo(rate, 3)
      expect(rate).toBeGreaterThanOrEqual(0.9 - 1e-6)
      expect(rate).toBeLessThanOrEqual(1.1 + 1e-6)
      rates.add(Math.round(rate * 1000))
    }
    expect(rates.size).toBeGreaterThan(20)
    // Motion is never resampled by the speed setting.
    const motion = augmentWindow(ramp(10, 3), 3, 0, 10, 100, aug({ speed: 0.5 }), createRng(3), [])
    expect(motion).toEqual(ramp(10, 3))
  })

  it('time warping moves motion frames smoothly and keeps the first frame, never audio', () => {
    let moved = 0
    for (let seed = 0; seed < 30; seed++) {
      const p = readPositions(0, 50, 100, aug({ timeWarp: 0.2 }), createRng(seed), false)
      expect(p[0]).toBe(0)
      for (let t = 1; t < 50; t++) {
        const step = p[t]! - p[t - 1]!
        expect(step).toBeGreaterThanOrEqual(0.8 - 1e-9)
        expect(step).toBeLessThanOrEqual(1.2 + 1e-9)
      }
      moved = Math.max(moved, Math.abs(p[25]! - 25))
    }
    expect(moved).toBeGreaterThan(1)
    const audio = readPositions(0, 50, 16000, aug({ timeWarp: 0.2 }), createRng(1), true)
    expect(Array.from(audio)).toEqual(Array.from({ length: 50 }, (_, t) => t))
  })

  it('rotation turns the first three axes rigidly (lengths and angles kept) within the angle bound', () => {
    const values = Float32Array.from([1, 0, 0, 7, 0, 1, 0, 8, 0, 0, 1, 9, 3, -2, 5, 10])
    let largest = 0
    for (let seed = 0; seed < 100; seed++) {
      const w = augmentWindow(values, 4, 0, 4, 100, aug({ rotationDeg: 30 }), createRng(seed), [])
      const v = (t: number) => [w[t * 4]!, w[t * 4 + 1]!, w[t * 4 + 2]!]
      const dot = (a: number[], b: number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!
      // Unit axes stay orthonormal; the fourth frame keeps its length; the fourth axis is untouched.
      for (const [a, b, d] of [
        [0, 0, 1],
        [1, 1, 1],
        [2, 2, 1],
        [0, 1, 0],
        [1, 2, 0],
      ] as const)
        expect(dot(v(a), v(b))).toBeCloseTo(d, 5)
      expect(Math.hypot(...v(3))).toBeCloseTo(Math.hypot(3, -2, 5), 4)
      expect(axis(w, 4, 3)).toEqual([7, 8, 9, 10])
      // The rotation angle from the trace of the matrix whose columns are the turned unit axes.
      const trace = w[0]! + w[5]! + w[10]!
      const angle = (Math.acos(Math.min(1, Math.max(-1, (trace - 1) / 2))) * 180) / Math.PI
      expect(angle).toBeLessThanOrEqual(30 + 1e-3)
      largest = Math.max(largest, angle)
    }
    expect(largest).toBeGreaterThan(20)
    // Fewer than three axes: no rotation.
    expect(augmentWindow(ramp(4, 2), 2, 0, 4, 100, aug({ rotationDeg: 90 }), createRng(1), [])).toEqual(
      ramp(4, 2),
    )
  })

  it('scaling multiplies each axis by its own factor within 1 ± scale', () => {
    const values = ramp(6, 3).map((v) => v + 1)
    const w = augmentWindow(values, 3, 0, 6, 100, aug({ scale: 0.2 }), createRng(9), [])
    const factors = [0, 1, 2].map((a) => w[a]! / values[a]!)
    for (let i = 0; i < w.length; i++) expect(w[i]! / values[i]!).toBeCloseTo(factors[i % 3]!, 4)
    for (const f of factors) expect(Math.abs(f - 1)).toBeLessThanOrEqual(0.2 + 1e-6)
    expect(new Set(factors.map((f) => f.toFixed(4))).size).toBe(3)
  })

  it('SpecAugment masks whole frames and whole bins with the mean, up to the widths asked', () => {
    const frames = 20
    const bins = 10
    let maskedSomething = false
    for (let seed = 0; seed < 40; seed++) {
      const original = Float32Array.from({ length: frames * bins }, (_, i) => 1000 + i)
      const mean = original.reduce((a, b) => a + b, 0) / original.length
      const masked = maskFeatures(
        original.slice(),
        [frames, bins],
        aug({ timeMasks: 1, timeMaskFrames: 4, freqMasks: 1, freqMaskBins: 3 }),
        createRng(seed),
      )
      const isMean = (t: number, b: number) => Math.abs(masked[t * bins + b]! - mean) < 1e-3
      const fullFrames = Array.from({ length: frames }, (_, t) => t).filter((t) =>
        Array.from({ length: bins }, (_, b) => b).every((b) => isMean(t, b)),
      )
      const fullBins = Array.from({ length: bins }, (_, b) => b).filter((b) =>
        Array.from({ length: frames }, (_, t) => t).every((t) => isMean(t, b)),
      )
      expect(fullFrames.length).toBeLessThanOrEqual(4)
      expect(fullBins.length).toBeLessThanOrEqual(3)
      // Every changed value lies in a masked frame or bin and became the mean.
      for (let t = 0; t < frames; t++)
        for (let b = 0; b < bins; b++)
          if (masked[t * bins + b] !== original[t * bins + b]) {
            expect(fullFrames.includes(t) || fullBins.includes(b)).toBe(true)
          }
      if (fullFrames.length > 0 && fullBins.length > 0) maskedSomething = true
    }
    expect(maskedSomething).toBe(true)
    // Features that are not [frames, bins] are left alone.
    const flat = Float32Array.from([1, 2, 3])
    expect(maskFeatures(flat.slice(), [3], aug({ timeMasks: 2 }), createRng(1))).toEqual(flat)
  })

  it('leaves the sample it reads unchanged, whatever the settings', () => {
    const values = ramp(40, 3)
    const copy = values.slice()
    const all = aug({ timeShiftMs: 50, gainDb: 6, rotationDeg: 45, scale: 0.3, timeWarp: 0.2, noise: 0.2 })
    augmentWindow(values, 3, 5, 20, 100, all, createRng(2), [])
    expect(values).toEqual(copy)
  })
})
