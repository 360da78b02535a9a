import { describe, expect, it } from 'vitest'
import { audioLayout, frontEndTables, type AudioFrontEndParams } from '../../../src/core/dsp/audio-frontend'
import { butterworthSos } from '../../../src/core/dsp/biquad'
import { mfccBlock, mfccParamsSchema } from '../../../src/core/dsp/blocks/mfcc'
import { mfeBlock, mfeParamsSchema } from '../../../src/core/dsp/blocks/mfe'
import {
  spectralBlock,
  spectralParamsSchema,
  type SpectralParams,
} from '../../../src/core/dsp/blocks/spectral'
import { imageBlock, imageParamsSchema, lumaWeights } from '../../../src/core/dsp/blocks/image'
import { dctTable } from '../../../src/core/dsp/dct'
import { bilinearTaps, centreCrop } from '../../../src/core/dsp/image-resize'
import { bandPowers, spectralPeaks } from '../../../src/core/dsp/spectrum'
import type { SeriesInput } from '../../../src/core/dsp/types'
import { windowTable } from '../../../src/core/dsp/window-functions'
import { dct32, melEnergies32, moments32, sosFilter32, welch32 } from './float32-port'
import { lcgNoise } from './reference'

/**
 * Measures the gap between this TypeScript (double arithmetic, float32 tables and output) and a float32
 * emulation of the C port (float32-port.ts) on realistic signals, and pins the tolerances that
 * docs/dsp.md states. If a change to either side widens the gap, this fails.
 */
const f = Math.fround

function speechLike(rateHz: number, seconds: number): Float32Array {
  const n = rateHz * seconds
  const noise = lcgNoise(n, 11)
  return Float32Array.from({ length: n }, (_, t) => {
    const time = t / rateHz
    const envelope = time < 0.3 ? 1e-3 : 0.3 * (0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * time))
    let v = 0
    for (let h = 1; h <= 12; h++) v += Math.sin(2 * Math.PI * 150 * h * time + h) / h
    return envelope * v + 1e-3 * noise[t]!
  })
}

function motionLike(rateHz: number, frames: number): Float32Array {
  const noise = lcgNoise(frames * 3, 5)
  const values = new Float32Array(frames * 3)
  for (let t = 0; t < frames; t++) {
    const time = t / rateHz
    values[t * 3] = 2 * Math.sin(2 * Math.PI * 1.3 * time) + 0.2 * noise[t * 3]!
    values[t * 3 + 1] =
      Math.sin(2 * Math.PI * 4 * time) + 0.5 * Math.sin(2 * Math.PI * 11 * time) + 0.2 * noise[t * 3 + 1]!
    values[t * 3 + 2] = 9.81 + 0.3 * Math.sin(2 * Math.PI * 0.7 * time) + 0.2 * noise[t * 3 + 2]!
  }
  return values
}

function audioPort(p: AudioFrontEndParams, input: SeriesInput): Float32Array[] {
  const layout = audioLayout(p, input)
  const tables = frontEndTables(p, input.rateHz, layout)
  const fb = tables.filterbank
  return melEnergies32(
    input.values,
    {
      alpha: p.preEmphasis,
      scale: p.inputScale,
      frameSamples: layout.frameSamples,
      strideSamples: layout.strideSamples,
      nfft: p.fftLength,
      frames: layout.frameCount,
    },
    {
      window: tables.window,
      firstBin: fb.firstBin,
      binCount: fb.binCount,
      offset: fb.offset,
      weights: fb.weights,
    },
  )
}

function spectralPort(p: SpectralParams, input: SeriesInput): number[] {
  const out: number[] = []
  for (let a = 0; a < input.axes; a++) {
    let u = Float32Array.from({ length: input.frames }, (_, t) =>
      f(f(p.scale) * input.values[t * input.axes + a]!),
    )
    const mean = f(u.reduce((s, v) => f(s + v), 0) / input.frames)
    u = u.map((v) => f(v - mean))
    const y =
      p.filterType === 'none'
        ? u
        : sosFilter32(butterworthSos(p.filterType, p.filterOrder, p.filterCutoffHz, input.rateHz), u)
    const m = moments32(y)
    const psd = Float64Array.from(
      welch32(
        y.map((v) => f(v - m.mean)),
        p.fftLength,
        windowTable('hann', Math.min(input.frames, p.fftLength)),
      ),
    )
    const binHz = input.rateHz / p.fftLength
    let max = 0
    for (let k = 1; k < psd.length - 1; k++) max = Math.max(max, psd[k]!)
    const peaks = spectralPeaks(psd, binHz, p.peaksCount, f(p.peaksThreshold * max))
    out.push(m.rms, m.skewness, m.kurtosis)
    for (let i = 0; i < p.peaksCount; i++) out.push(peaks[i]?.hz ?? 0, peaks[i]?.power ?? 0)
    out.push(...bandPowers(psd, binHz, p.bandEdgesHz))
  }
  return out
}

/** max over i of |a − b| / (rtol·|b| + atol): ≤ 1 means within tolerance */
function worstRatio(a: ArrayLike<number>, b: ArrayLike<number>, rtol: number, atol: number): number {
  let worst = 0
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (rtol * Math.abs(b[i]!) + atol))
  return worst
}

const audio: SeriesInput = {
  kind: 'series',
  values: speechLike(16000, 1),
  frames: 16000,
  axes: 1,
  rateHz: 16000,
}

describe('float32 C-port tolerance', () => {
  it('MFE (normalised, −52 dB floor) stays within 1e-5 absolute of a float32 port', () => {
    const p = mfeBlock.defaults
    const ours = mfeBlock.compute(p, audio)
    const port = audioPort(p, audio).flatMap((row) =>
      Array.from(row, (e) => {
        const db = f(10 * f(Math.log10(Math.max(e, 1e-30))))
        return Math.min(1, Math.max(0, f(f(db - p.noiseFloorDb) / f(12 - p.noiseFloorDb))))
      }),
    )
    const gap = Math.max(...Array.from(ours, (v, i) => Math.abs(v - port[i]!)))
    expect(gap).toBeLessThan(1e-5)
  })

  it('MFE in dB (floor −100 dB) stays within 1e-3 dB of a float32 port', () => {
    const p = mfeParamsSchema.parse({ normalize: false, noiseFloorDb: -100 })
    const ours = mfeBlock.compute(p, audio)
    const port = audioPort(p, audio).flatMap((row) =>
      Array.from(row, (e) => Math.max(f(10 * f(Math.log10(Math.max(e, 1e-30)))), -100)),
    )
    const gap = Math.max(...Array.from(ours, (v, i) => Math.abs(v - port[i]!)))
    expect(gap).toBeLessThan(1e-3)
  })

  it('MFCC (13 of 32, lifter 22) stays within 1e-3 absolute of a float32 port', () => {
    const p = mfccParamsSchema.parse({ lifter: 22 })
    const ours = mfccBlock.compute(p, audio)
    const table = dctTable(p.numFilters, p.numCoefficients, p.lifter)
    const floor = 10 ** (p.noiseFloorDb / 10)
    const port = audioPort(p, audio).flatMap((row) =>
      Array.from(
        dct32(
          table,
          p.numFilters,
          row.map((e) => f(Math.log(Math.max(e, floor)))),
        ),
        (c) => c,
      ),
    )
    const gap = Math.max(...Array.from(ours, (v, i) => Math.abs(v - port[i]!)))
    expect(gap).toBeLessThan(1e-3)
  })

  for (const filter of [
    { filterType: 'none' },
    { filterType: 'lowpass', filterCutoffHz: 5, filterOrder: 4 },
    { filterType: 'highpass', filterCutoffHz: 0.5, filterOrder: 4 },
    { filterType: 'highpass', filterCutoffHz: 0.2, filterOrder: 8 },
    { filterType: 'lowpass', filterCutoffHz: 1, filterOrder: 8 },
  ] as const) {
    const name =
      filter.filterType === 'none'
        ? 'unfiltered'
        : `${filter.filterType} ${filter.filterCutoffHz} Hz order ${filter.filterOrder}`
    it(`spectral features (${name}) stay within 1e-4·|x| + 1e-5 of a float32 port`, () => {
      const p = spectralParamsSchema.parse({ ...filter, fftLength: 128 })
      const input: SeriesInput = {
        kind: 'series',
        values: motionLike(100, 200),
        frames: 200,
        axes: 3,
        rateHz: 100,
      }
      const ours = spectralBlock.compute(p, input)
      const port = spectralPort(p, input)
      expect(worstRatio(ours, port, 1e-4, 1e-5)).toBeLessThan(1)
      // peak frequencies are bin centres: they agree exactly unless two peaks tie within the tolerance
      for (let a = 0; a < 3; a++) for (const i of [3, 5, 7]) expect(ours[a * 14 + i]).toBe(port[a * 14 + i])
    })
  }

  it('image features (crop, grayscale, −1…1) stay within 1e-5 of a float32 port', () => {
    const [width, height] = [64, 48]
    const pixels = Uint8Array.from(lcgNoise(width * height * 3, 21), (v) => Math.floor((v + 1) * 127.9))
    const p = imageParamsSchema.parse({
      width: 40,
      height: 40,
      colorMode: 'grayscale',
      normalize: 'minusOneToOne',
    })
    const ours = imageBlock.compute(p, { kind: 'image', pixels, width, height, channels: 3 })
    const crop = centreCrop(width, height, 40, 40)
    const cols = bilinearTaps(crop.width, 40)
    const rows = bilinearTaps(crop.height, 40)
    const lerp = (a: number, b: number, t: number): number => f(f(f(1 - t) * a) + f(t * b))
    let gap = 0
    for (let j = 0; j < 40; j++) {
      for (let i = 0; i < 40; i++) {
        const [fx, fy] = [f(cols.frac[i]!), f(rows.frac[j]!)]
        const px = (r: number, c: number, ch: number): number =>
          pixels[((crop.y + r) * width + crop.x + c) * 3 + ch]!
        let y = 0
        for (let ch = 0; ch < 3; ch++) {
          const top = lerp(px(rows.i0[j]!, cols.i0[i]!, ch), px(rows.i0[j]!, cols.i1[i]!, ch), fx)
          const bottom = lerp(px(rows.i1[j]!, cols.i0[i]!, ch), px(rows.i1[j]!, cols.i1[i]!, ch), fx)
          y = f(y + f(f(lumaWeights[ch]!) * lerp(top, bottom, fy)))
        }
        gap = Math.max(gap, Math.abs(ours[j * 40 + i]! - f(f(y * f(1 / 127.5)) - 1)))
      }
    }
    expect(gap).toBeLessThan(1e-5)
  })
})
