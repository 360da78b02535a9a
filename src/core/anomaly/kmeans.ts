import { createRng, type Rng } from '../train/random'
import { type FeatureTable, type Standardiser, fitStandardiser, standardise, standardiseTable } from './table'

/**
 * K-means distance: the normal windows' standardised features are clustered (k-means++ seeding, then Lloyd's
 * iterations until no window changes cluster); a window's score is its squared Euclidean distance to the
 * nearest centre, divided by the feature count (so about 1 for a typical normal window whatever the count).
 * Several operating states of a machine (the demo's three speeds) become several clusters.
 */
export interface KMeansModel {
  readonly kind: 'kmeans'
  readonly standardiser: Standardiser
  /** k centres in standardised space, each `cols` long. */
  readonly centroids: readonly (readonly number[])[]
}

export interface KMeansParams {
  readonly clusters: number
  readonly maxIterations: number
}

export const KMEANS_DEFAULTS: KMeansParams = { clusters: 8, maxIterations: 100 }

export function trainKMeans(table: FeatureTable, params: KMeansParams, seed: number): KMeansModel {
  const standardiser = fitStandardiser(table)
  const z = standardiseTable(standardiser, table)
  const { rows, cols } = table
  const k = Math.min(params.clusters, rows)
  const centres = seedCentres(z, rows, cols, k, createRng(seed))
  const assignment = new Int32Array(rows).fill(-1)
  for (let iteration = 0; iteration < params.maxIterations; iteration++) {
    let changed = 0
    for (let r = 0; r < rows; r++) {
      const nearest = nearestCentre(centres, z.subarray(r * cols, (r + 1) * cols)).index
      if (nearest !== assignment[r]) [assignment[r], changed] = [nearest, changed + 1]
    }
    if (changed === 0) break
    moveCentres(centres, z, assignment, cols)
  }
  return { kind: 'kmeans', standardiser, centroids: centres.map((c) => Array.from(c)) }
}

export function kmeansScore(model: KMeansModel, row: ArrayLike<number>): number {
  const z = standardise(model.standardiser, row)
  return nearestCentre(model.centroids, z).distance / z.length
}

function nearestCentre(
  centres: readonly ArrayLike<number>[],
  z: ArrayLike<number>,
): { index: number; distance: number } {
  let best = { index: 0, distance: Infinity }
  centres.forEach((c, index) => {
    let d = 0
    for (let j = 0; j < z.length; j++) d += (z[j]! - c[j]!) ** 2
    if (d < best.distance) best = { index, distance: d }
  })
  return best
}

/** k-means++: the first centre uniformly, each next one with probability ∝ squared distance to the nearest. */
function seedCentres(z: Float64Array, rows: number, cols: number, k: number, rng: Rng): Float64Array[] {
  const row = (r: number) => z.slice(r * cols, (r + 1) * cols)
  const centres = [row(rng.int(0, rows - 1))]
  const nearest = new Float64Array(rows).fill(Infinity)
  while (centres.length < k) {
    const last = centres[centres.length - 1]!
    let total = 0
    for (let r = 0; r < rows; r++) {
      let d = 0
      for (let j = 0; j < cols; j++) d += (z[r * cols + j]! - last[j]!) ** 2
      nearest[r] = Math.min(nearest[r]!, d)
      total += nearest[r]!
    }
    if (total === 0) break
    let pick = rng.next() * total
    let chosen = rows - 1
    for (let r = 0; r < rows; r++) {
      pick -= nearest[r]!
      if (pick < 0) {
        chosen = r
        break
      }
    }
    centres.push(row(chosen))
  }
  return centres
}

/** Each centre to the mean of its windows; a centre left without windows stays where it is. */
function moveCentres(centres: Float64Array[], z: Float64Array, assignment: Int32Array, cols: number): void {
  const sums = centres.map(() => new Float64Array(cols))
  const counts = new Array<number>(centres.length).fill(0)
  assignment.forEach((c, r) => {
    counts[c]!++
    for (let j = 0; j < cols; j++) sums[c]![j]! += z[r * cols + j]!
  })
  centres.forEach((centre, c) => {
    if (counts[c]! > 0) for (let j = 0; j < cols; j++) centre[j] = sums[c]![j]! / counts[c]!
  })
}
