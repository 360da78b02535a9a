import { type FeatureQuant, quantizeRow } from '../classical/quant'
import type { GaussianModel } from './gaussian'
import type { KMeansModel } from './kmeans'

/**
 * Fixed-point K-means and Mahalanobis scoring: the bit-exact reference of the generated C (`emit-c.ts`) and
 * of the board. Features are quantised as docs/classical.md's convention does, with offset = the normal
 * mean and scale = 256/std, so q is the standardised feature in Q8 (one standard deviation = 256, ±128 σ
 * before clamping at ±32767). Then everything is integer:
 * - K-means: centres in the same Q8 space (int16); per centre Σ min(|q − c|, 32767)², summed in uint32 with
 *   saturation at 2³² − 1; the score is the smallest sum.
 * - Gaussian: W = L⁻¹ in Q`wShift` (int16, wShift the largest ≤ 14 that keeps every entry within ±32767);
 *   yᵢ = (Σⱼ≤ᵢ Wᵢⱼ·qⱼ + 2^(wShift−1)) >> wShift in int64 (an arithmetic shift, i.e. floor), clamped to
 *   ±32767, so y is W·z in Q8; the score is Σ yᵢ², saturating uint32.
 * Both scores are the float score × 65536 × d (d features), until saturation at 65536·d·score ≥ 2³²
 * (score ≥ 1 000 for 63 features: far beyond any threshold). The TypeScript sums in doubles, which hold
 * every partial sum exactly (|Σ| < 2⁵³), and a floor of a division by a power of two is the C's shift.
 */
export const Q_ONE = 256
const I16 = 32767
const U32_MAX = 4294967295

export interface FixedKMeans {
  readonly kind: 'kmeans'
  readonly quant: FeatureQuant
  /** k × d, row-major, Q8. */
  readonly centroids: Int16Array
  readonly clusters: number
}

export interface FixedGaussian {
  readonly kind: 'gaussian'
  readonly quant: FeatureQuant
  /** Packed lower triangle of W in Q`wShift`. */
  readonly whitening: Int16Array
  readonly wShift: number
}

export type FixedAnomalyModel = FixedKMeans | FixedGaussian

function quantOf(model: KMeansModel | GaussianModel): FeatureQuant {
  const { mean, std } = model.standardiser
  return { bits: 16, offset: mean.map((m) => Math.fround(m)), scale: std.map((s) => Math.fround(Q_ONE / s)) }
}

const clamp16 = (v: number) => Math.max(-I16, Math.min(I16, v))

export function toFixed(model: KMeansModel | GaussianModel): FixedAnomalyModel {
  const quant = quantOf(model)
  if (model.kind === 'kmeans') {
    const centroids = Int16Array.from(model.centroids.flat(), (c) => clamp16(Math.round(c * Q_ONE)))
    return { kind: 'kmeans', quant, centroids, clusters: model.centroids.length }
  }
  const largest = Math.max(...model.whitening.map(Math.abs))
  const wShift = Math.max(0, Math.min(14, Math.floor(Math.log2(I16 / largest))))
  const whitening = Int16Array.from(model.whitening, (w) => clamp16(Math.round(w * 2 ** wShift)))
  return { kind: 'gaussian', quant, whitening, wShift }
}

/** The fixed-point score of one row (an unsigned 32-bit integer, as a number). */
export function fixedScore(model: FixedAnomalyModel, row: Float32Array): number {
  const q = quantizeRow(row, model.quant)
  return model.kind === 'kmeans' ? kmeansFixed(model, q) : gaussianFixed(model, q)
}

/** A float threshold (alarm when score > threshold) in the fixed score's units: floor(t · 65536 · d). */
export function fixedThreshold(threshold: number, features: number): number {
  return Math.max(0, Math.min(U32_MAX, Math.floor(threshold * Q_ONE * Q_ONE * features)))
}

function kmeansFixed(model: FixedKMeans, q: Int32Array): number {
  const d = q.length
  let best = U32_MAX
  for (let k = 0; k < model.clusters; k++) {
    let sum = 0
    for (let j = 0; j < d; j++) {
      const diff = clamp16(q[j]! - model.centroids[k * d + j]!)
      sum = Math.min(U32_MAX, sum + diff * diff)
    }
    if (sum < best) best = sum
  }
  return best
}

function gaussianFixed(model: FixedGaussian, q: Int32Array): number {
  const d = q.length
  const [half, unit] = [model.wShift > 0 ? 2 ** (model.wShift - 1) : 0, 2 ** model.wShift]
  let score = 0
  let k = 0
  for (let i = 0; i < d; i++) {
    let acc = 0
    for (let j = 0; j <= i; j++) acc += model.whitening[k++]! * q[j]!
    const y = clamp16(Math.floor((acc + half) / unit))
    score = Math.min(U32_MAX, score + y * y)
  }
  return score
}

/**
 * The float32 score, in the generated float C's order of operations (z = (x − mean)·invStd per feature,
 * float32 sums, the final division by d), so that host C and TypeScript agree bit for bit.
 */
export function float32Score(model: KMeansModel | GaussianModel, row: Float32Array): number {
  const f = Math.fround
  const d = row.length
  const z = new Float32Array(d)
  for (let j = 0; j < d; j++)
    z[j] = f(f(row[j]! - f(model.standardiser.mean[j]!)) * f(1 / model.standardiser.std[j]!))
  if (model.kind === 'kmeans') {
    let best = Infinity
    for (const centre of model.centroids) {
      let sum = 0
      for (let j = 0; j < d; j++) {
        const diff = f(z[j]! - f(centre[j]!))
        sum = f(sum + f(diff * diff))
      }
      if (sum < best) best = sum
    }
    return f(best / d)
  }
  let score = 0
  let k = 0
  for (let i = 0; i < d; i++) {
    let y = 0
    for (let j = 0; j <= i; j++) y = f(y + f(f(model.whitening[k++]!) * z[j]!))
    score = f(score + f(y * y))
  }
  return f(score / d)
}
