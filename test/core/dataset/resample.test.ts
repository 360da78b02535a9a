import { describe, expect, it } from 'vitest'
import { MAX_STAGE_FACTOR, besselI0, resample, resampleStages } from '../../../src/core/dataset/resample'

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

  it('reduces 48 kHz to 100 Hz in stages: 10 Hz and 30 Hz tones stay (error < 1e-3), tones above 50 Hz are gone', () => {
    const n = 48000 * 4
    const input = Float32Array.from({ length: n }, (_, i) => {
      const t = i / 48000
      return (
        0.3 * Math.sin(2 * Math.PI * 10 * t) +
        0.2 * Math.sin(2 * Math.PI * 30 * t + 1) +
        0.3 * Math.sin(2 * Math.PI * 70 * t) +
        0.2 * Math.sin(2 * Math.PI * 5000 * t)
      )
    })
    const out = resample(input, 48000, 100)
    expect(out.length).toBe(400)
    let worst = 0
    for (let j = 60; j < out.length - 60; j++) {
      const t = j / 100
      const expected = 0.3 * Math.sin(2 * Math.PI * 10 * t) + 0.2 * Math.sin(2 * Math.PI * 30 * t + 1)
      worst = Math.max(worst, Math.abs(out[j]! - expected))
    }
    expect(worst).toBeLessThan(1e-3)
  })

  it('keeps every stage to a reduction of at most 4, so the kernel stays short even down to 0.001 Hz', () => {
    for (const [from, to] of [
      [16000, 1],
      [16000, 0.001],
      [44100, 16000],
      [8000, 48000],
      [4e9, 16000],
    ]) {
      const rates = resampleStages(from!, to!)
      expect(rates[0]).toBe(from)
      expect(rates.at(-1)).toBe(to)
      for (let s = 1; s < rates.length; s++)
        expect(rates[s - 1]! / rates[s]!).toBeLessThanOrEqual(MAX_STAGE_FACTOR)
    }
    expect(resampleStages(16000, 16000)).toEqual([16000])
  })

  it('resamples a minute at 16 kHz to 1 Hz: a constant stays constant away from the ends', () => {
    const out = resample(new Float32Array(16000 * 60).fill(0.25), 16000, 1)
    expect(out.length).toBe(60)
    for (let j = 10; j < 50; j++) expect(Math.abs(out[j]! - 0.25)).toBeLessThan(1e-3)
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
