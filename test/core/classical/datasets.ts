import type { LabelledTable } from '../../../src/core/classical/learner'
import { createRng } from '../../../src/core/train/random'

/** Small tables with known answers for every learner's tests. */

function table(rows: number[][], labels: number[], classes: number): LabelledTable {
  return {
    x: Float32Array.from(rows.flat()),
    rows: rows.length,
    cols: rows[0]!.length,
    y: Int32Array.from(labels),
    classes,
  }
}

/** Three well-separated Gaussian blobs in 2-D (centres 0,0 / 10,0 / 0,10, σ = 1). */
export function blobs(perClass: number, seed = 1): LabelledTable {
  const rng = createRng(seed)
  const centres = [
    [0, 0],
    [10, 0],
    [0, 10],
  ]
  const rows: number[][] = []
  const labels: number[] = []
  centres.forEach(([cx, cy], k) => {
    for (let i = 0; i < perClass; i++) {
      rows.push([cx! + rng.normal(), cy! + rng.normal()])
      labels.push(k)
    }
  })
  return table(rows, labels, 3)
}

/** XOR on [−1, 1]²: class 1 when the signs differ; no single axis split separates it, no line either. */
export function xor(count: number, seed = 2): LabelledTable {
  const rng = createRng(seed)
  const rows: number[][] = []
  const labels: number[] = []
  for (let i = 0; i < count; i++) {
    const a = rng.uniform(-1, 1)
    const b = rng.uniform(-1, 1)
    if (Math.abs(a) < 0.1 || Math.abs(b) < 0.1) continue
    rows.push([a, b])
    labels.push(a > 0 !== b > 0 ? 1 : 0)
  }
  return table(rows, labels, 2)
}

/** Rows that all carry label 0 (of two classes): every learner must refuse them. */
export function oneClass(): LabelledTable {
  return table(
    [
      [0, 1],
      [1, 2],
      [2, 3],
    ],
    [0, 0, 0],
    2,
  )
}

/** Accuracy of `predict` on a table. */
export function accuracy(data: LabelledTable, predict: (row: Float32Array) => number): number {
  let right = 0
  for (let r = 0; r < data.rows; r++) {
    if (predict(data.x.subarray(r * data.cols, (r + 1) * data.cols)) === data.y[r]) right++
  }
  return right / data.rows
}

/** `count` random rows spread a little beyond the table's range (so the quantiser's clamps are exercised). */
export function randomRows(data: LabelledTable, count: number, seed = 3): Float32Array {
  const rng = createRng(seed)
  const lo = new Array<number>(data.cols).fill(Infinity)
  const hi = new Array<number>(data.cols).fill(-Infinity)
  for (let i = 0; i < data.x.length; i++) {
    const c = i % data.cols
    lo[c] = Math.min(lo[c]!, data.x[i]!)
    hi[c] = Math.max(hi[c]!, data.x[i]!)
  }
  const out = new Float32Array(count * data.cols)
  for (let i = 0; i < out.length; i++) {
    const c = i % data.cols
    const span = hi[c]! - lo[c]! || 1
    out[i] = rng.uniform(lo[c]! - 0.2 * span, hi[c]! + 0.2 * span)
  }
  return out
}

/** Random points with random labels: nothing to learn, so a tree grows until its budget stops it. */
export function noise(count: number, classes = 3, seed = 4): LabelledTable {
  const rng = createRng(seed)
  const rows: number[][] = []
  const labels: number[] = []
  for (let i = 0; i < count; i++) {
    rows.push([rng.uniform(0, 1), rng.uniform(0, 1), rng.uniform(0, 1)])
    labels.push(rng.int(0, classes - 1))
  }
  return table(rows, labels, classes)
}

/**
 * Rows whose values sit on the quantiser's rounding edges next to the training values: for each feature, a
 * training row's value moved to the nearest half step (q ± 0.5)/scale + offset, and one float32 step either
 * side of it — where a rounding slip in the C would send a row across a threshold.
 */
export function edgeRows(
  data: LabelledTable,
  quant: { readonly offset: readonly number[]; readonly scale: readonly number[] },
  count: number,
  seed = 5,
): Float32Array {
  const rng = createRng(seed)
  const out = new Float32Array(count * data.cols)
  for (let i = 0; i < out.length; i++) {
    const c = i % data.cols
    const v = data.x[rng.int(0, data.rows - 1) * data.cols + c]!
    const q = Math.round((v - quant.offset[c]!) * quant.scale[c]!) + rng.int(-1, 0) + 0.5
    const edge = Math.fround(quant.offset[c]! + q / quant.scale[c]!)
    const nudge = rng.int(-1, 1)
    out[i] = nudge === 0 ? edge : nextFloat32(edge, nudge)
  }
  return out
}

function nextFloat32(v: number, direction: number): number {
  const f = new Float32Array([v])
  const bits = new Int32Array(f.buffer)
  bits[0]! += (v >= 0 ? 1 : -1) * direction
  return f[0]!
}
