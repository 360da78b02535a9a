import { createRng, hashSeed, type Rng } from '../train/random'
import { DIGIT_STROKES, type Point } from './digits-strokes'

/**
 * The digits demo's data: a synthetic table of 8×8 handwritten-like digit images (64 features, 10
 * classes), generated deterministically from a seed, in the style of the UCI "optical recognition of
 * handwritten digits" set: each feature counts the ink in a 4×4 block of a 32×32 drawing, 0…16.
 *
 * Each image draws its own hand. The digit's pen strokes (`digits-strokes.ts`) have every point moved by
 * N(0, 0.03) of the box; the glyph is scaled (x 0.75–1.1, y 0.8–1.1), rotated (±15°), sheared (±0.25) and
 * moved (±0.1); the pen is 0.07–0.14 of the box wide with a soft edge, and each stroke presses 0.6–1.0
 * hard. The 32×32 drawing is averaged into 8×8 blocks, scaled to 0…16, given sensor noise (σ 0.6–1.4) and
 * rounded to whole counts. The variation makes some 4s, 9s, 7s and 1s look alike, so a classifier has work
 * to do: a small float MLP reaches ~90–98 % on the test rows, a nearest-centroid rule much less.
 */
export const DIGITS_SIDE = 8
export const DIGITS_FEATURES = DIGITS_SIDE * DIGITS_SIDE
export const DIGITS_CLASSES = 10
/** Largest feature value (a block fully inked), as in the UCI set. */
export const DIGITS_MAX_VALUE = 16
const FINE = 32
const BLOCK = FINE / DIGITS_SIDE

export interface DigitsOptions {
  readonly seed?: number
  /** Rows per digit (default 180), of which `testPerClass` (default 36) are for testing. */
  readonly perClass?: number
  readonly testPerClass?: number
}

/** A table of rows: row r is `x[r*64 … r*64+63]` (row-major pixels), its digit `y[r]`. */
export interface DigitsTable {
  readonly rows: number
  readonly features: number
  readonly x: Float32Array
  readonly y: Uint8Array
  readonly category: readonly ('training' | 'testing')[]
  /** `p<row>_<col>`: the pixel's place in the image. */
  readonly featureNames: readonly string[]
}

export const DIGITS_FEATURE_NAMES: readonly string[] = Array.from(
  { length: DIGITS_FEATURES },
  (_, i) => `p${Math.floor(i / DIGITS_SIDE)}_${i % DIGITS_SIDE}`,
)

type Affine = (p: Point) => Point

function randomAffine(rng: Rng): Affine {
  const [sx, sy] = [rng.uniform(0.75, 1.1), rng.uniform(0.8, 1.1)]
  const angle = (rng.uniform(-15, 15) * Math.PI) / 180
  const shear = rng.uniform(-0.25, 0.25)
  const [tx, ty] = [rng.uniform(-0.1, 0.1), rng.uniform(-0.1, 0.1)]
  const [c, s] = [Math.cos(angle), Math.sin(angle)]
  return ([x, y]) => {
    // About the box's centre: scale, shear along x, rotate, move.
    const u = (x - 0.5) * sx + shear * (y - 0.5) * sy
    const v = (y - 0.5) * sy
    return [0.5 + c * u - s * v + tx, 0.5 + s * u + c * v + ty]
  }
}

/** Distance from (px, py) to the segment a–b. */
function segmentDistance(px: number, py: number, a: Point, b: Point): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]]
  const lengthSq = dx * dx + dy * dy
  const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / lengthSq))
  return Math.hypot(px - a[0] - t * dx, py - a[1] - t * dy)
}

interface Pen {
  readonly segments: readonly (readonly [Point, Point, number])[]
  readonly halfWidth: number
}

function handwrite(digit: number, rng: Rng): Pen {
  const affine = randomAffine(rng)
  const segments: [Point, Point, number][] = []
  for (const stroke of DIGIT_STROKES[digit]!) {
    const pressure = rng.uniform(0.6, 1)
    const points = stroke.map(([x, y]) => affine([x + rng.normal() * 0.03, y + rng.normal() * 0.03]))
    for (let i = 1; i < points.length; i++) segments.push([points[i - 1]!, points[i]!, pressure])
  }
  return { segments, halfWidth: rng.uniform(0.07, 0.14) / 2 }
}

/**
 * The fine 32×32 drawing, row-major, 0…1: full ink inside the pen, fading over one fine pixel at the edge;
 * where strokes cross, the harder-pressed one shows. Each segment visits only the pixels near it.
 */
function draw(pen: Pen): Float32Array {
  const fine = new Float32Array(FINE * FINE)
  const reach = pen.halfWidth + 1 / FINE
  const pixel = (v: number) => Math.max(0, Math.min(FINE - 1, Math.floor(v * FINE)))
  for (const [a, b, pressure] of pen.segments) {
    const [x0, x1] = [pixel(Math.min(a[0], b[0]) - reach), pixel(Math.max(a[0], b[0]) + reach)]
    const [y0, y1] = [pixel(Math.min(a[1], b[1]) - reach), pixel(Math.max(a[1], b[1]) + reach)]
    for (let fy = y0; fy <= y1; fy++) {
      for (let fx = x0; fx <= x1; fx++) {
        const d = segmentDistance((fx + 0.5) / FINE, (fy + 0.5) / FINE, a, b)
        const ink = Math.max(0, Math.min(1, (pen.halfWidth - d) * FINE + 0.5)) * pressure
        if (ink > fine[fy * FINE + fx]!) fine[fy * FINE + fx] = ink
      }
    }
  }
  return fine
}

/** One 8×8 image of `digit`, row-major, whole counts 0…16. */
export function generateDigit(digit: number, rng: Rng): Float32Array {
  const fine = draw(handwrite(digit, rng))
  const noise = rng.uniform(0.6, 1.4)
  const out = new Float32Array(DIGITS_FEATURES)
  for (let row = 0; row < DIGITS_SIDE; row++) {
    for (let col = 0; col < DIGITS_SIDE; col++) {
      let sum = 0
      for (let fy = 0; fy < BLOCK; fy++)
        for (let fx = 0; fx < BLOCK; fx++) sum += fine[(row * BLOCK + fy) * FINE + col * BLOCK + fx]!
      const value = (sum / (BLOCK * BLOCK)) * DIGITS_MAX_VALUE + rng.normal() * noise
      out[row * DIGITS_SIDE + col] = Math.round(Math.max(0, Math.min(DIGITS_MAX_VALUE, value)))
    }
  }
  return out
}

/**
 * The whole table: `perClass` rows of each digit, ordered digit-major (all 0s, then all 1s…), the last
 * `testPerClass` of each digit for testing. Row i of digit d depends only on (seed, d, i).
 */
export function generateDigitsTable(options: DigitsOptions = {}): DigitsTable {
  const seed = options.seed ?? 20261208
  const perClass = options.perClass ?? 180
  const testPerClass = options.testPerClass ?? Math.round(perClass / 5)
  const rows = perClass * DIGITS_CLASSES
  const x = new Float32Array(rows * DIGITS_FEATURES)
  const y = new Uint8Array(rows)
  const category: ('training' | 'testing')[] = []
  for (let digit = 0; digit < DIGITS_CLASSES; digit++) {
    for (let i = 0; i < perClass; i++) {
      const r = digit * perClass + i
      const rng = createRng(hashSeed(hashSeed(seed, digit + 1), i + 1))
      x.set(generateDigit(digit, rng), r * DIGITS_FEATURES)
      y[r] = digit
      category.push(i >= perClass - testPerClass ? 'testing' : 'training')
    }
  }
  return { rows, features: DIGITS_FEATURES, x, y, category, featureNames: DIGITS_FEATURE_NAMES }
}

/** The table as CSV text: a header `p0_0,…,p7_7,label` and one row per image (the label is the digit). */
export function digitsCsv(table: DigitsTable, rows?: readonly number[]): string {
  const lines = [[...table.featureNames, 'label'].join(',')]
  for (const r of rows ?? Array.from({ length: table.rows }, (_, i) => i)) {
    const cells = Array.from(table.x.subarray(r * table.features, (r + 1) * table.features), String)
    lines.push([...cells, String(table.y[r])].join(','))
  }
  return lines.join('\n') + '\n'
}
