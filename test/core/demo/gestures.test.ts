import { describe, expect, it } from 'vitest'
import { GESTURE_LABELS, generateGesture, generateGestureDataset } from '../../../src/core/demo/gestures'
import { welchPsd } from '../../../src/core/dsp'
import { createRng } from '../../../src/core/train/random'

const RATE = 62.5

function axis(values: Float32Array, a: number): Float32Array {
  return Float32Array.from({ length: values.length / 3 }, (_, t) => values[t * 3 + a]!)
}

function mean(x: Float32Array): number {
  return x.reduce((s, v) => s + v, 0) / x.length
}

/** Frequency of the largest spectral peak of the summed axes' mean-removed signals (Welch, 256-point FFT). */
function dominantHz(values: Float32Array): number {
  let best = 0
  let bestPower = -1
  const total = new Float64Array(129)
  for (let a = 0; a < 3; a++) {
    const x = axis(values, a)
    const m = mean(x)
    const psd = welchPsd(
      Float64Array.from(x, (v) => v - m),
      256,
    )
    psd.forEach((p, k) => (total[k] = total[k]! + p))
  }
  total.forEach((p, k) => {
    if (k > 0 && p > bestPower) [best, bestPower] = [k, p]
  })
  return (best * RATE) / 256
}

describe('the gestures demo generator', () => {
  it('is deterministic: the same seed gives the same bytes, another seed other data', () => {
    const a = generateGestureDataset({ seed: 1, perLabel: 2, testPerLabel: 1, durationS: 2 })
    const b = generateGestureDataset({ seed: 1, perLabel: 2, testPerLabel: 1, durationS: 2 })
    const c = generateGestureDataset({ seed: 2, perLabel: 2, testPerLabel: 1, durationS: 2 })
    expect(a.map((r) => r.values)).toEqual(b.map((r) => r.values))
    expect(a[0]!.values).not.toEqual(c[0]!.values)
    expect(a.map((r) => [r.label, r.category])).toEqual(
      GESTURE_LABELS.flatMap((l) => [
        [l, 'training'],
        [l, 'testing'],
      ]),
    )
  })

  it('holds gravity: at rest the three axes add up to 9.81 m/s² in magnitude', () => {
    const idle = generateGesture('idle', createRng(3), 10)
    const magnitude = Math.hypot(mean(axis(idle, 0)), mean(axis(idle, 1)), mean(axis(idle, 2)))
    expect(magnitude).toBeGreaterThan(9.3)
    expect(magnitude).toBeLessThan(10.3)
  })

  it('moves at each gesture’s rate: shake 4–7 Hz, wave 1.2–2, up-down 1–1.8, circle 0.6–1.1', () => {
    const ranges = {
      shake: [3.6, 7.6],
      wave: [1.0, 2.2],
      'up-down': [0.8, 2.0],
      circle: [0.45, 1.25],
    } as const
    for (const [label, [lo, hi]] of Object.entries(ranges)) {
      for (let seed = 1; seed <= 4; seed++) {
        const hz = dominantHz(generateGesture(label as keyof typeof ranges, createRng(seed), 10))
        expect(hz, `${label} seed ${seed}`).toBeGreaterThanOrEqual(lo)
        expect(hz, `${label} seed ${seed}`).toBeLessThanOrEqual(hi)
      }
    }
  })

  it('keeps idle quiet and shake violent', () => {
    const spread = (label: 'idle' | 'shake') => {
      const v = generateGesture(label, createRng(9), 10)
      return Math.max(
        ...[0, 1, 2].map((a) => {
          const x = axis(v, a)
          const m = mean(x)
          return Math.sqrt(x.reduce((s, y) => s + (y - m) ** 2, 0) / x.length)
        }),
      )
    }
    expect(spread('idle')).toBeLessThan(0.5)
    expect(spread('shake')).toBeGreaterThan(4)
  })
})
