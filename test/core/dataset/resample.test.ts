import { describe, expect, it } from 'vitest'
import { besselI0, resample } from '../../../src/core/dataset/resample'

function sine(n: number, rateHz: number, hz: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rateHz))
}

function maxError(out: Float32Array, rateHz: number, hz: number, margin: number): number {
  let worst = 0
  for (let i = margin; i < out.length - margin; i++)
    worst = Math.max(worst, Math.abs(out[i]! - 0.5 * Math.sin((2 * Math.PI * hz * i) / rateHz)))
  return worst
}

describe('resampling', () => {
  it('turns a 1 kHz tone at 44.1 kHz into the same tone at 16 kHz (error < 1e-3 away from the ends)', () => {
    const out = resample(sine(44100, 44100, 1000), 44100, 16000)
    expect(out.length).toBe(16000)
    expect(maxError(out, 16000, 1000, 100)).toBeLessThan(1e-3)
  })

  it('upsamples 8 kHz to 16 kHz without changing the tone', () => {
    const out = resample(sine(8000, 8000, 440), 8000, 16000)
    expect(maxError(out, 16000, 440, 100)).toBeLessThan(1e-3)
  })

  it('removes what the new rate cannot hold: a 7 kHz tone at 44.1 kHz is gone at 8 kHz', () => {
    const out = resample(sine(44100, 44100, 7000), 44100, 8000)
    let peak = 0
    for (let i = 200; i < out.length - 200; i++) peak = Math.max(peak, Math.abs(out[i]!))
    expect(peak).toBeLessThan(0.5 * 10 ** (-60 / 20))
  })

  it('computes I0 like its tabulated values', () => {
    expect(besselI0(0)).toBe(1)
    expect(besselI0(1)).toBeCloseTo(1.2660658777520082, 14)
    expect(besselI0(5)).toBeCloseTo(27.239871823604442, 11)
  })
})

describe('spectrogram', () => {
  it('puts a 1 kHz tone at 16 kHz in the bin of 1 kHz in every column', async () => {
    const { spectrogram } = await import('../../../src/core/dataset/spectrogram')
    const tone = Float32Array.from({ length: 16000 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 16000))
    const s = spectrogram(tone, 20, 256)
    expect(s.bins).toBe(129)
    for (let c = 1; c < 19; c++) {
      const column = Array.from(s.db.subarray(c * s.bins, (c + 1) * s.bins))
      expect(column.indexOf(Math.max(...column))).toBe(16) // 1000 Hz / (16000 Hz / 256)
    }
  })
})
