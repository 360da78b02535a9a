import type { Rng } from '../../train/random'
import type { LabelledTable } from '../learner'

/** ProtoNN's starting point: projected rows, per-class k-means prototypes and the RBF width heuristic. */

/** Rows projected by W (dHat × d): rows × dHat, row-major. */
export function project(
  x: Float64Array,
  rows: number,
  d: number,
  W: Float64Array,
  dHat: number,
): Float64Array {
  const out = new Float64Array(rows * dHat)
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < dHat; i++) {
      let acc = 0
      for (let j = 0; j < d; j++) acc += W[i * d + j]! * x[r * d + j]!
      out[r * dHat + i] = acc
    }
  return out
}

function squaredDistance(a: Float64Array, aAt: number, b: Float64Array, bAt: number, n: number): number {
  let s = 0
  for (let i = 0; i < n; i++) s += (a[aAt + i]! - b[bAt + i]!) ** 2
  return s
}

/** Lloyd's k-means on `members` (row indices of `points`), started from distinct random members. */
function kMeans(points: Float64Array, dim: number, members: number[], k: number, rng: Rng): Float64Array {
  const pool = [...members]
  const centres = new Float64Array(k * dim)
  for (let c = 0; c < k; c++) {
    const pick = pool.splice(rng.int(0, pool.length - 1), 1)[0]!
    centres.set(points.subarray(pick * dim, (pick + 1) * dim), c * dim)
  }
  for (let iteration = 0; iteration < 10; iteration++) {
    const sums = new Float64Array(k * dim)
    const counts = new Array<number>(k).fill(0)
    for (const r of members) {
      let best = 0
      for (let c = 1; c < k; c++)
        if (
          squaredDistance(points, r * dim, centres, c * dim, dim) <
          squaredDistance(points, r * dim, centres, best * dim, dim)
        )
          best = c
      counts[best]!++
      for (let i = 0; i < dim; i++) sums[best * dim + i]! += points[r * dim + i]!
    }
    for (let c = 0; c < k; c++)
      if (counts[c]! > 0) for (let i = 0; i < dim; i++) centres[c * dim + i] = sums[c * dim + i]! / counts[c]!
  }
  return centres
}

/**
 * `perClass` prototypes per class present (fewer when a class has fewer rows): B as dHat × m row-major, and
 * each prototype's class.
 */
export function kMeansPrototypes(
  projected: Float64Array,
  data: LabelledTable,
  dHat: number,
  perClass: number,
  rng: Rng,
): { centres: Float64Array; labels: number[] } {
  const found: { centre: Float64Array; label: number }[] = []
  for (let c = 0; c < data.classes; c++) {
    const members: number[] = []
    for (let r = 0; r < data.rows; r++) if (data.y[r] === c) members.push(r)
    if (members.length === 0) continue
    const k = Math.min(perClass, members.length)
    const centres = kMeans(projected, dHat, members, k, rng)
    for (let j = 0; j < k; j++) found.push({ centre: centres.subarray(j * dHat, (j + 1) * dHat), label: c })
  }
  const m = found.length
  const B = new Float64Array(dHat * m)
  found.forEach((f, j) => f.centre.forEach((v, i) => (B[i * m + j] = v)))
  return { centres: B, labels: found.map((f) => f.label) }
}

/** The median distance between up to 500 random rows and every prototype (B: dHat × m). */
export function medianDistance(
  projected: Float64Array,
  rows: number,
  dHat: number,
  B: Float64Array,
  m: number,
  rng: Rng,
): number {
  const distances: number[] = []
  for (let n = 0; n < Math.min(rows, 500); n++) {
    const r = rng.int(0, rows - 1)
    for (let j = 0; j < m; j++) {
      let s = 0
      for (let i = 0; i < dHat; i++) s += (projected[r * dHat + i]! - B[i * m + j]!) ** 2
      distances.push(Math.sqrt(s))
    }
  }
  distances.sort((a, b) => a - b)
  const median = distances[Math.floor(distances.length / 2)] ?? 1
  return median > 0 ? median : 1
}
