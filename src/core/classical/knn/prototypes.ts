import type { Rng } from '../../train/random'
import type { LabelledTable } from '../learner'
import { rowOf } from '../table'

/**
 * Class-wise k-means prototype selection: each class's rows are summarised by `perClass` centroids
 * (k-means++ seeding, Lloyd iterations), so a nearest-neighbour model keeps `classes × perClass` rows
 * instead of the whole table. A class with no more rows than `perClass` keeps its rows as they are.
 */
export interface Prototypes {
  /** Row-major prototypes × cols, float32 values. */
  readonly rows: number[][]
  readonly labels: number[]
}

export function classwiseKMeans(
  data: LabelledTable,
  perClass: number,
  rng: Rng,
  iterations = 25,
): Prototypes {
  const rows: number[][] = []
  const labels: number[] = []
  for (let c = 0; c < data.classes; c++) {
    const members: Float32Array[] = []
    for (let r = 0; r < data.rows; r++) if (data.y[r] === c) members.push(rowOf(data, r))
    if (members.length === 0) continue
    const centres =
      members.length <= perClass
        ? members.map((m) => Array.from(m))
        : kMeans(members, perClass, rng, iterations)
    for (const centre of centres) {
      rows.push(centre.map((v) => Math.fround(v)))
      labels.push(c)
    }
  }
  return { rows, labels }
}

function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0
  for (let j = 0; j < a.length; j++) d += (a[j]! - b[j]!) ** 2
  return d
}

function kMeans(points: readonly Float32Array[], k: number, rng: Rng, iterations: number): number[][] {
  const centres = seedPlusPlus(points, k, rng)
  const assignment = new Int32Array(points.length)
  for (let it = 0; it < iterations; it++) {
    let moved = false
    points.forEach((p, i) => {
      let best = 0
      for (let c = 1; c < k; c++)
        if (squaredDistance(p, centres[c]!) < squaredDistance(p, centres[best]!)) best = c
      if (best !== assignment[i] || it === 0) moved = true
      assignment[i] = best
    })
    if (!moved) break
    const sums = centres.map((c) => new Array<number>(c.length).fill(0))
    const counts = new Array<number>(k).fill(0)
    points.forEach((p, i) => {
      const a = assignment[i]!
      counts[a]!++
      for (let j = 0; j < p.length; j++) sums[a]![j]! += p[j]!
    })
    sums.forEach((s, c) => {
      if (counts[c]! > 0) centres[c] = s.map((v) => v / counts[c]!)
    })
  }
  return centres
}

/** k-means++ (Arthur & Vassilvitskii 2007): each next centre drawn with probability ∝ squared distance. */
function seedPlusPlus(points: readonly Float32Array[], k: number, rng: Rng): number[][] {
  const centres = [Array.from(points[rng.int(0, points.length - 1)]!)]
  const nearest = points.map((p) => squaredDistance(p, centres[0]!))
  while (centres.length < k) {
    const total = nearest.reduce((a, b) => a + b, 0)
    let pick = rng.next() * total
    let chosen = points.length - 1
    for (let i = 0; i < points.length; i++) {
      pick -= nearest[i]!
      if (pick < 0) {
        chosen = i
        break
      }
    }
    const centre = Array.from(points[chosen]!)
    centres.push(centre)
    points.forEach((p, i) => (nearest[i] = Math.min(nearest[i]!, squaredDistance(p, centre))))
  }
  return centres
}
