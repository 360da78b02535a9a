import { describe, expect, it } from 'vitest'
import {
  VIBRATION_RATE_HZ,
  generateVibration,
  generateVibrationDataset,
  type VibrationLabel,
} from '../../../src/core/demo/vibration'
import { welchPsd } from '../../../src/core/dsp'
import { createRng } from '../../../src/core/train/random'

const FFT = 2048

/** Welch PSD of one mean-removed axis, 2048-point segments (0.49 Hz bins at 1 kHz). */
function psd(values: Float32Array, axis: number): Float64Array {
  const x = Float64Array.from({ length: values.length / 3 }, (_, t) => values[t * 3 + axis]!)
  const mean = x.reduce((s, v) => s + v, 0) / x.length
  return welchPsd(
    x.map((v) => v - mean),
    FFT,
  )
}

/** Power within ±1.5 Hz of `hz`. */
function powerAt(p: Float64Array, hz: number): number {
  const bin = (hz * FFT) / VIBRATION_RATE_HZ
  let sum = 0
  for (let k = Math.max(1, Math.floor(bin - 3)); k <= Math.ceil(bin + 3); k++) sum += p[k] ?? 0
  return sum
}

/** The same machine (seed) at 25 Hz, healthy and with a fault; 8 s for fine bins. */
function pair(fault: VibrationLabel): { normal: Float64Array; faulty: Float64Array; shaftHz: number } {
  const normal = generateVibration('normal', 25, createRng(7), 8)
  const faulty = generateVibration(fault, 25, createRng(7), 8)
  const p = psd(normal, 0)
  // The shaft frequency: the largest peak between 20 and 30 Hz.
  let best = 0
  for (let k = Math.floor((20 * FFT) / 1000); k < (30 * FFT) / 1000; k++) if (p[k]! > (p[best] ?? 0)) best = k
  return { normal: p, faulty: psd(faulty, 0), shaftHz: (best * VIBRATION_RATE_HZ) / FFT }
}

describe('the vibration demo generator', () => {
  it('is deterministic and puts only normal recordings in the training split', () => {
    const options = {
      seed: 3,
      normalTrainPerSpeed: 2,
      normalTestPerSpeed: 1,
      faultPerSpeed: 1,
      durationS: 0.5,
    }
    const a = generateVibrationDataset(options)
    const b = generateVibrationDataset(options)
    const c = generateVibrationDataset({ ...options, seed: 4 })
    expect(a.map((r) => r.values)).toEqual(b.map((r) => r.values))
    expect(a[0]!.values).not.toEqual(c[0]!.values)
    expect(a).toHaveLength(3 * 3 + 3 * 3)
    expect(new Set(a.filter((r) => r.category === 'training').map((r) => r.label))).toEqual(
      new Set(['normal']),
    )
    expect(
      a
        .filter((r) => r.category === 'testing')
        .map((r) => r.label)
        .sort(),
    ).toEqual(['bearing', 'imbalance', 'looseness', 'normal'].flatMap((l) => [l, l, l]))
  })

  it('runs at its speed: the radial spectrum peaks at the shaft frequency (±3 %), gravity on z', () => {
    for (const speed of [15, 25, 40]) {
      const v = generateVibration('normal', speed, createRng(speed), 4)
      const p = psd(v, 0)
      let best = 1
      for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k
      expect(Math.abs((best * VIBRATION_RATE_HZ) / FFT - speed)).toBeLessThan(speed * 0.04)
      const z = v.filter((_, i) => i % 3 === 2)
      expect(z.reduce((s, x) => s + x, 0) / z.length).toBeCloseTo(9.81, 1)
    }
  })

  it('imbalance raises the 1× tone at least twofold in amplitude and leaves 2× alone', () => {
    const { normal, faulty, shaftHz } = pair('imbalance')
    expect(powerAt(faulty, shaftHz) / powerAt(normal, shaftHz)).toBeGreaterThan(4)
    expect(powerAt(faulty, 2 * shaftHz) / powerAt(normal, 2 * shaftHz)).toBeCloseTo(1, 0)
  })

  it('bearing faults add tones between the harmonics (3–3.6× and 4.9–5.5×) with sidebands', () => {
    const { normal, faulty, shaftHz } = pair('bearing')
    const band = (p: Float64Array, lo: number, hi: number) => {
      let s = 0
      for (let k = Math.round((lo * shaftHz * FFT) / 1000); k <= (hi * shaftHz * FFT) / 1000; k++) s += p[k]!
      return s
    }
    expect(band(faulty, 3.05, 3.65) / band(normal, 3.05, 3.65)).toBeGreaterThan(20)
    expect(band(faulty, 4.95, 5.55) / band(normal, 4.95, 5.55)).toBeGreaterThan(20)
  })

  it('looseness adds half-order tones and clips the radial signal', () => {
    const { normal, faulty, shaftHz } = pair('looseness')
    expect(powerAt(faulty, 0.5 * shaftHz) / powerAt(normal, 0.5 * shaftHz)).toBeGreaterThan(20)
    expect(powerAt(faulty, 1.5 * shaftHz) / powerAt(normal, 1.5 * shaftHz)).toBeGreaterThan(20)
    const loose = generateVibration('looseness', 25, createRng(7), 2)
    const x = loose.filter((_, i) => i % 3 === 0)
    const max = Math.max(...x)
    // Clipped: many samples sit within the noise of the maximum, which a sum of sines rarely visits.
    expect(x.filter((v) => v > max - 0.25).length / x.length).toBeGreaterThan(0.05)
  })
})
