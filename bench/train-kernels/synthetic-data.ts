/**
 * Deterministic synthetic datasets for the training-kernel benchmark: easy enough to learn in a few epochs
 * from a few hundred examples, hard enough that accuracy is not 100% at once. Every value comes from a seeded
 * PRNG, so the same seed gives the same bytes on every machine.
 */
import { createRng } from '../../src/core/train/random'

/** The seeded PRNG of src/core/train/random.ts, as a bare [0, 1) stream, so failures reproduce. */
export const prng = (seed: number): (() => number) => createRng(seed).next

/** Standard normal samples (Box–Muller) from a uniform PRNG. */
export function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
}

/** Seed of the class templates and centres: fixed, so that training and test sets share their classes. */
const templateSeed = 0x5eed

/** Examples as one flat float32 array (example-major, in `shape` order) and integer labels. */
export interface Dataset {
  readonly x: Float32Array
  readonly labels: Int32Array
  readonly shape: readonly number[]
  readonly classes: number
}

/** Fills a dataset by calling `draw(label, out)` for each example; labels cycle so classes are balanced. */
function build(
  count: number,
  shape: readonly number[],
  classes: number,
  seed: number,
  draw: (label: number, out: Float32Array, rand: () => number, normal: () => number) => void,
): Dataset {
  const size = shape.reduce((a, b) => a * b, 1)
  const x = new Float32Array(count * size)
  const labels = new Int32Array(count)
  const rand = prng(seed)
  const normal = gaussian(rand)
  for (let i = 0; i < count; i++) {
    const label = Math.floor(rand() * classes)
    labels[i] = label
    draw(label, x.subarray(i * size, (i + 1) * size), rand, normal)
  }
  return { x, labels, shape, classes }
}

/** 3-axis "accelerometer" windows, 125 × 3: per class a frequency/axis mix, random phase, noise. */
export function motionWindows(count: number, seed: number): Dataset {
  return build(count, [125, 3], 5, seed, (label, out, rand, normal) => {
    const hz = 0.5 + label * 0.25
    for (let axis = 0; axis < 3; axis++) {
      const phase = rand() * 2 * Math.PI
      const gain = ((label + axis) % 3) * 0.5 + 0.3
      for (let t = 0; t < 125; t++) {
        out[t * 3 + axis] = gain * Math.sin((2 * Math.PI * hz * t) / 25 + phase) + 1.2 * normal()
      }
    }
  })
}

/** 32 × 32 grey images of stripes at one of four orientations (0°, 45°, 90°, 135°), random phase, noise. */
export function shapeImages(count: number, seed: number, side = 32): Dataset {
  return build(count, [side, side, 1], 4, seed, (label, out, rand, normal) => {
    const angle = (label * Math.PI) / 4
    const kx = Math.cos(angle) * (0.6 + 0.3 * rand())
    const ky = Math.sin(angle) * (0.6 + 0.3 * rand())
    const phase = rand() * 2 * Math.PI
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) out[y * side + x] = Math.sin(kx * x + ky * y + phase) + 0.5 * normal()
    }
  })
}

/** 49 × 10 "MFCC" maps: per class a fixed smooth template, shifted in time by up to ±4 frames, plus noise. */
export function keywordFeatures(count: number, seed: number, classes = 6): Dataset {
  const templateRand = gaussian(prng(templateSeed))
  const templates = Array.from({ length: classes }, () => {
    const t = new Float32Array(49 * 10)
    const bumps = Array.from({ length: 4 }, () => [templateRand(), templateRand(), templateRand()])
    for (let f = 0; f < 49; f++) {
      for (let c = 0; c < 10; c++) {
        let v = 0
        for (const [a = 0, b = 0, w = 0] of bumps)
          v += w * Math.exp(-(((f - 24 - 10 * a) / 6) ** 2) - ((c - 5 - 3 * b) / 2) ** 2)
        t[f * 10 + c] = v
      }
    }
    return t
  })
  return build(count, [49, 10, 1], classes, seed, (label, out, rand, normal) => {
    const shift = Math.floor(rand() * 9) - 4
    const t = templates[label] ?? new Float32Array(490)
    for (let f = 0; f < 49; f++) {
      const src = Math.min(48, Math.max(0, f - shift))
      for (let c = 0; c < 10; c++) out[f * 10 + c] = (t[src * 10 + c] ?? 0) + 0.4 * normal()
    }
  })
}

/** side × side grey scenes: a bright disc somewhere ("person") or not, on a random smooth background. */
export function wakeImages(count: number, seed: number, side = 48): Dataset {
  return build(count, [side, side, 1], 2, seed, (label, out, rand, normal) => {
    const cx = 10 + rand() * (side - 20)
    const cy = 10 + rand() * (side - 20)
    const gx = rand() - 0.5
    const gy = rand() - 0.5
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const disc = label === 1 && (x - cx) ** 2 + (y - cy) ** 2 <= 36 ? 1 : 0
        out[y * side + x] = disc + (gx * x + gy * y) / side + 0.4 * normal()
      }
    }
  })
}

/** 33 spectral-style features in 5 Gaussian clusters. */
export function featureVectors(count: number, seed: number): Dataset {
  const centreRand = gaussian(prng(templateSeed + 1))
  const centres = Array.from({ length: 5 }, () => Array.from({ length: 33 }, () => 0.5 * centreRand()))
  return build(count, [33], 5, seed, (label, out, _rand, normal) => {
    const c = centres[label] ?? []
    for (let i = 0; i < 33; i++) out[i] = (c[i] ?? 0) + normal()
  })
}
