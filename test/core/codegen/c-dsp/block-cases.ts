import { generateGesture } from '../../../../src/core/demo/gestures'
import { parseBlockParams, type BlockConfig, type BlockId, type InputShape } from '../../../../src/core/dsp'
import { createRng, type Rng } from '../../../../src/core/train/random'

/**
 * The windows the C blocks are checked on: seeded random signals, real-looking ones (the gestures
 * generator's accelerometer windows, a voiced synthetic utterance), and the edge cases a sensor produces —
 * silence, a constant (DC), full scale and hard clipping. Series values are int16 counts; the TypeScript
 * reads counts × `lsb`, the float C the same floats, the fixed C the counts.
 */

export interface BlockCase {
  readonly name: string
  readonly config: BlockConfig
  readonly input: InputShape
  /** Series: real value of one count. */
  readonly lsb: number
  readonly windows: readonly (readonly number[])[]
}

const clip = (v: number) => Math.max(-32767, Math.min(32767, Math.round(v)))

function config<K extends BlockId>(block: K, params: object): BlockConfig {
  return { block, params: parseBlockParams(block, params) } as BlockConfig
}

function edgeWindows(length: number, axes: number): number[][] {
  return [
    new Array<number>(length * axes).fill(0),
    new Array<number>(length * axes).fill(1234),
    Array.from({ length: length * axes }, (_, i) => (Math.floor(i / axes) % 2 === 0 ? 32767 : -32767)),
    Array.from({ length: length * axes }, (_, i) =>
      clip(65000 * Math.sin(0.21 * Math.floor(i / axes) + (i % axes))),
    ),
  ]
}

function randomWindows(rng: Rng, length: number, axes: number, count: number, amplitude: number): number[][] {
  return Array.from({ length: count }, () => {
    const level = amplitude * Math.pow(10, -2 * rng.next())
    const hz = rng.uniform(0.01, 0.45)
    return Array.from({ length: length * axes }, (_, i) =>
      clip(level * (Math.sin(2 * Math.PI * hz * Math.floor(i / axes) + i) + 0.3 * rng.normal())),
    )
  })
}

function gestureWindows(lsb: number, frames: number): number[][] {
  const labels = ['idle', 'wave', 'circle', 'shake', 'up-down'] as const
  return labels.flatMap((label, l) => {
    const values = generateGesture(label, createRng(100 + l), 6)
    return [0, 150].map((start) =>
      Array.from(values.subarray(start * 3, (start + frames) * 3), (v) => clip(v / lsb)),
    )
  })
}

/** 1 s at 16 kHz: a near-silent start, then a voiced vowel (120 Hz harmonics, formant-shaped) and a hiss. */
function voicedAudio(rng: Rng, samples: number, level: number): number[] {
  return Array.from({ length: samples }, (_, i) => {
    const t = i / 16000
    const on = i < samples / 4 ? 0.001 : 1
    let v = 0
    for (let h = 1; h <= 30; h++)
      v += Math.sin(2 * Math.PI * 120 * h * t) / (1 + Math.abs(120 * h - 700) / 300)
    return clip(level * on * (0.2 * v + 0.02 * rng.normal()))
  })
}

const motion = (frames: number, axes: number, rateHz: number): InputShape => ({
  kind: 'series',
  frames,
  axes,
  rateHz,
})
const audio = (frames: number): InputShape => ({ kind: 'series', frames, axes: 1, rateHz: 16000 })

export function blockCases(): BlockCase[] {
  const rng = createRng(20261207)
  const g = 9.80665 / 8192
  const gestures = gestureWindows(g, 125)
  const speech = [voicedAudio(rng, 16000, 8000), voicedAudio(rng, 16000, 400), ...edgeWindows(16000, 1)]
  const image = (w: number, h: number, c: number) =>
    Array.from({ length: 3 }, () => Array.from({ length: w * h * c }, () => rng.int(0, 255)))
  return [
    {
      name: 'raw, offsets and scales',
      config: config('raw', { scale: 0.5, offsets: [1, -2, 9.8], axisScales: [1, 2, -1] }),
      input: motion(125, 3, 62.5),
      lsb: g,
      windows: [...gestures, ...edgeWindows(125, 3)],
    },
    {
      name: 'spectral, the gestures design',
      config: config('spectral', { logPower: true, bandEdgesHz: [0.5, 1, 2, 4, 8, 16] }),
      input: motion(125, 3, 62.5),
      lsb: g,
      windows: [...gestures, ...randomWindows(rng, 125, 3, 10, 8000), ...edgeWindows(125, 3)],
    },
    {
      name: 'spectral, linear powers, 3 Welch segments',
      config: config('spectral', { fftLength: 64, peaksCount: 4 }),
      input: motion(128, 2, 100),
      lsb: 1 / 1024,
      windows: [...randomWindows(rng, 128, 2, 10, 8000), ...edgeWindows(128, 2)],
    },
    {
      name: 'spectral, low-pass 5 Hz order 4',
      config: config('spectral', { filterType: 'lowpass', filterCutoffHz: 5, logPower: true }),
      input: motion(125, 3, 62.5),
      lsb: g,
      windows: [...gestures, ...randomWindows(rng, 125, 3, 6, 8000)],
    },
    {
      name: 'spectral, high-pass 0.5 Hz order 3',
      config: config('spectral', {
        filterType: 'highpass',
        filterCutoffHz: 0.5,
        filterOrder: 3,
        logPower: true,
      }),
      input: motion(125, 3, 62.5),
      lsb: g,
      windows: [...gestures, ...randomWindows(rng, 125, 3, 6, 8000)],
    },
    {
      name: 'MFE, the keywords design',
      config: config('mfe', { frameLengthS: 0.02, frameStrideS: 0.02, fftLength: 512, numFilters: 40 }),
      input: audio(16000),
      lsb: 1 / 32768,
      windows: speech,
    },
    {
      name: 'MFE in dB, hamming, no pre-emphasis',
      config: config('mfe', {
        normalize: false,
        window: 'hamming',
        preEmphasis: 0,
        fftLength: 256,
        frameLengthS: 0.016,
        numFilters: 32,
      }),
      input: audio(4000),
      lsb: 1 / 32768,
      windows: speech.map((w) => w.slice(4000, 8000)),
    },
    {
      name: 'MFCC 13 of 32, lifter 22',
      config: config('mfcc', { lifter: 22 }),
      input: audio(16000),
      lsb: 1 / 32768,
      windows: speech,
    },
    {
      name: 'MFCC, the defaults, input scale 2',
      config: config('mfcc', { inputScale: 2, noiseFloorDb: -60 }),
      input: audio(8000),
      lsb: 1 / 32768,
      windows: speech.map((w) => w.slice(0, 8000)),
    },
    {
      name: 'image, crop, RGB, 0…1',
      config: config('image', { width: 24, height: 16 }),
      input: { kind: 'image', width: 40, height: 30, channels: 3 },
      lsb: 1,
      windows: image(40, 30, 3),
    },
    {
      name: 'image, fit, grayscale, −1…1, RGBA',
      config: config('image', {
        width: 17,
        height: 13,
        resizeMode: 'fit',
        colorMode: 'grayscale',
        normalize: 'minusOneToOne',
      }),
      input: { kind: 'image', width: 30, height: 40, channels: 4 },
      lsb: 1,
      windows: image(30, 40, 4),
    },
    {
      name: 'image, squash, upscale',
      config: config('image', { width: 50, height: 9, resizeMode: 'squash', colorMode: 'grayscale' }),
      input: { kind: 'image', width: 20, height: 20, channels: 3 },
      lsb: 1,
      windows: image(20, 20, 3),
    },
  ]
}
