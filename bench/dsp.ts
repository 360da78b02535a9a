/**
 * DSP benchmark: `node bin/run-ts.mjs bench/dsp.ts`. Prints, for each workload, the time of our code and
 * of a baseline run in the same process, and their ratio, so results compare across machines:
 * - MFCC / MFE of 1 s of 16 kHz audio vs the same pipeline with an O(N²) DFT (what fft.js buys us);
 * - spectral analysis of a 2 s 3-axis window at 100 Hz vs only its spectra by O(N²) DFT;
 * - pca2d of 3000 windows × 300 features vs building their covariance alone (the unavoidable part).
 */
import { mfccBlock } from '../src/core/dsp/blocks/mfcc'
import { mfeBlock } from '../src/core/dsp/blocks/mfe'
import { spectralBlock, spectralParamsSchema } from '../src/core/dsp/blocks/spectral'
import { pca2d } from '../src/core/dsp/pca'
import type { SeriesInput } from '../src/core/dsp/types'
import { lcgNoise, naivePower, referenceMelEnergies } from '../test/core/dsp/reference'

function time(label: string, repeats: number, run: () => unknown): number {
  run() // warm up (JIT, table caches)
  const start = performance.now()
  for (let i = 0; i < repeats; i++) run()
  const ms = (performance.now() - start) / repeats
  console.log(`${label.padEnd(58)} ${ms.toFixed(3).padStart(10)} ms`)
  return ms
}

function ratio(label: string, ours: number, baseline: number): void {
  console.log(`${label.padEnd(58)} ${(baseline / ours).toFixed(1).padStart(10)} ×\n`)
}

const audio: SeriesInput = {
  kind: 'series',
  values: lcgNoise(16000, 1),
  frames: 16000,
  axes: 1,
  rateHz: 16000,
}
const mfcc = time('MFCC, 1 s at 16 kHz (99 frames, 512-point FFT)', 20, () =>
  mfccBlock.compute(mfccBlock.defaults, audio),
)
const mfe = time('MFE, same', 20, () => mfeBlock.compute(mfeBlock.defaults, audio))
const naive =
  time('baseline: mel energies with an O(N²) DFT (12 of 99 frames)', 1, () =>
    referenceMelEnergies(audio.values.subarray(0, 320 + 11 * 160), {
      rateHz: 16000,
      frameSamples: 320,
      strideSamples: 160,
      nfft: 512,
      filters: 40,
      lowHz: 0,
      highHz: 8000,
      preEmphasis: 0.98,
    }),
  ) *
  (99 / 12)
ratio('speed-up of MFCC over the O(N²)-DFT baseline', mfcc, naive)
ratio('speed-up of MFE over the O(N²)-DFT baseline', mfe, naive)

const motion: SeriesInput = { kind: 'series', values: lcgNoise(600, 2), frames: 200, axes: 3, rateHz: 100 }
const lowpass = spectralParamsSchema.parse({ filterType: 'lowpass', filterCutoffHz: 5 })
const spectral = time('spectral analysis, 2 s × 3 axes at 100 Hz, low-pass order 4', 500, () =>
  spectralBlock.compute(lowpass, motion),
)
const naiveSpectral = time('baseline: its 6 Hann-windowed 128-point spectra by O(N²) DFT', 50, () => {
  for (let a = 0; a < 3; a++)
    for (let seg = 0; seg < 2; seg++) naivePower(motion.values.subarray(seg * 64, seg * 64 + 128), 128)
})
ratio('speed-up of the whole spectral block over that baseline', spectral, naiveSpectral)

const rows = 3000
const cols = 300
const latent = lcgNoise(rows * 3, 3)
const noise = lcgNoise(rows * cols, 4)
const data = Float32Array.from({ length: rows * cols }, (_, i) => {
  const [r, c] = [Math.floor(i / cols), i % cols]
  return (
    latent[r * 3]! * Math.sin(c) +
    latent[r * 3 + 1]! * Math.cos(0.3 * c) +
    0.5 * latent[r * 3 + 2]! +
    0.2 * noise[i]!
  )
})
let iterations = 0
const pca = time(`pca2d, ${rows} × ${cols}`, 3, () => (iterations = pca2d({ rows, cols, data }).iterations))
const cov = time('baseline: the covariance matrix alone', 3, () => {
  const c = new Float64Array(cols * cols)
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < cols; i++) {
      const xi = data[r * cols + i]!
      for (let j = i; j < cols; j++) c[i * cols + j] = c[i * cols + j]! + xi * data[r * cols + j]!
    }
  }
  return c
})
console.log(`(pca2d converged in ${iterations} iterations)`)
ratio('pca2d time in units of one covariance build', cov, pca)
