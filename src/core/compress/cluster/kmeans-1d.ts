import { CompressErrorCode } from '../../../shared/api/compress'
import { MoteFailure } from '../../../shared/errors'

export interface Clustering {
  /** k cluster centres, ascending. */
  readonly centroids: Float32Array
  /** For each weight, the index of its centre (k ≤ 256). */
  readonly indices: Uint8Array
  /** Σ (w − centre)², for reporting how much clustering moved the weights. */
  readonly squaredError: number
  readonly iterations: number
}

/**
 * k-means on the weights of one tensor (Deep Compression, Han et al. 2016, §3), with the linear
 * initialisation they found best: centres spread evenly between the smallest and largest weight, so that
 * the rare large weights, which matter most, keep centres of their own. Lloyd iterations until no
 * assignment changes. Deterministic: no random initialisation.
 *
 * Fails, rather than producing a degenerate result, for 2^bits above the number of distinct weights,
 * non-finite weights, or a tensor whose weights are all equal.
 */
export function clusterWeights(weights: Float32Array, bits: number, maxIterations = 100): Clustering {
  if (!Number.isInteger(bits) || bits < 1 || bits > 8) {
    throw new MoteFailure(
      CompressErrorCode.BadClusterBits,
      `Clustering takes 1 to 8 bits per weight (2 to 256 clusters), not ${bits}.`,
    )
  }
  return clusterToK(weights, 2 ** bits, maxIterations, bits)
}

/**
 * The same k-means for any k in 1…256 (clustering the non-zero weights of a pruned layer into 2^b − 1
 * centres, the zero being the last). `bits` only words the error message.
 */
export function clusterToK(weights: Float32Array, k: number, maxIterations = 100, bits?: number): Clustering {
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (const w of weights) {
    if (!Number.isFinite(w))
      throw new MoteFailure(
        CompressErrorCode.BadClusterValues,
        'A weight is NaN or infinite: retrain the model before clustering it.',
      )
    if (w < min) min = w
    if (w > max) max = w
  }
  const distinct = new Set(weights).size
  if (distinct < k) {
    const what = bits === undefined ? `${k} clusters` : `${k} clusters of ${bits}-bit clustering`
    throw new MoteFailure(
      CompressErrorCode.TooManyClusters,
      `This layer has ${distinct} distinct weight values, fewer than the ${what}. Use at most ${Math.max(1, Math.floor(Math.log2(distinct)))} bits for it.`,
    )
  }
  const centroids = new Float64Array(k)
  for (let c = 0; c < k; c++) centroids[c] = k === 1 ? (min + max) / 2 : min + ((max - min) * c) / (k - 1)
  const indices = new Uint8Array(weights.length)
  let iterations = 0
  for (let changed = true; changed && iterations < maxIterations; iterations++) {
    changed = assign(weights, centroids, indices)
    update(weights, centroids, indices)
  }
  let squaredError = 0
  for (let i = 0; i < weights.length; i++) squaredError += (weights[i]! - centroids[indices[i]!]!) ** 2
  return { centroids: Float32Array.from(centroids), indices, squaredError, iterations }
}

/** Nearest centre for each weight (centres are sorted, so a binary search finds it). */
function assign(weights: Float32Array, centroids: Float64Array, indices: Uint8Array): boolean {
  let changed = false
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!
    let lo = 0
    let hi = centroids.length - 1
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1
      if (centroids[mid]! <= w) lo = mid
      else hi = mid
    }
    const best = Math.abs(w - centroids[lo]!) <= Math.abs(w - centroids[hi]!) ? lo : hi
    if (indices[i] !== best) {
      indices[i] = best
      changed = true
    }
  }
  return changed
}

/** Moves each centre to the mean of its weights; an empty cluster keeps its place. */
function update(weights: Float32Array, centroids: Float64Array, indices: Uint8Array): void {
  const sums = new Float64Array(centroids.length)
  const counts = new Float64Array(centroids.length)
  for (let i = 0; i < weights.length; i++) {
    sums[indices[i]!]! += weights[i]!
    counts[indices[i]!]!++
  }
  for (let c = 0; c < centroids.length; c++) if (counts[c]! > 0) centroids[c] = sums[c]! / counts[c]!
  centroids.sort()
}

/** The weights as the board will see them: each replaced by its centre. */
export function reconstruct(clustering: Clustering): Float32Array {
  const out = new Float32Array(clustering.indices.length)
  for (let i = 0; i < out.length; i++) out[i] = clustering.centroids[clustering.indices[i]!]!
  return out
}
