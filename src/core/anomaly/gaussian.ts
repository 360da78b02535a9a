import { anomalyFailure } from './errors'
import { type FeatureTable, type Standardiser, fitStandardiser, standardise, standardiseTable } from './table'

/**
 * Gaussian / Mahalanobis score: the normal windows' standardised features are modelled by one Gaussian with
 * a regularised covariance, Σ = (1 − λ)·S + λ·I (S the sample correlation matrix, shrunk towards the
 * identity: with fewer windows than features, or correlated features, S alone is singular). The score is
 * the squared Mahalanobis distance divided by the feature count, computed as ‖W·z‖²/d with W = L⁻¹ for the
 * Cholesky factor Σ = L·Lᵀ (lower triangular), the form the C evaluates without a matrix inverse.
 */
export interface GaussianModel {
  readonly kind: 'gaussian'
  readonly standardiser: Standardiser
  /** W = L⁻¹, lower triangular, rows packed: W[i][0..i], i = 0..d−1 (d(d+1)/2 values). */
  readonly whitening: readonly number[]
  readonly shrinkage: number
}

export interface GaussianParams {
  /** λ in 0…1: how far the covariance is pulled towards the identity. */
  readonly shrinkage: number
}

export const GAUSSIAN_DEFAULTS: GaussianParams = { shrinkage: 0.1 }

export function trainGaussian(table: FeatureTable, params: GaussianParams): GaussianModel {
  const standardiser = fitStandardiser(table)
  const z = standardiseTable(standardiser, table)
  const { rows, cols: d } = table
  const sigma = new Float64Array(d * d)
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < d; i++)
      for (let j = 0; j <= i; j++) sigma[i * d + j]! += (z[r * d + i]! * z[r * d + j]!) / rows
  const lambda = params.shrinkage
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) sigma[i * d + j] = (1 - lambda) * sigma[i * d + j]! + (i === j ? lambda : 0)
  const l = cholesky(sigma, d)
  return { kind: 'gaussian', standardiser, whitening: packLower(invertLower(l, d), d), shrinkage: lambda }
}

export function gaussianScore(model: GaussianModel, row: ArrayLike<number>): number {
  const z = standardise(model.standardiser, row)
  const d = z.length
  let score = 0
  let k = 0
  for (let i = 0; i < d; i++) {
    let y = 0
    for (let j = 0; j <= i; j++) y += model.whitening[k++]! * z[j]!
    score += y * y
  }
  return score / d
}

/** Lower-triangular L with L·Lᵀ = A (A symmetric, its lower triangle read). */
function cholesky(a: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d)
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]!
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!
      if (i === j) {
        if (!(s > 0))
          throw anomalyFailure(
            'AnomalyBadParams',
            'The covariance of the normal windows is singular: raise the shrinkage above 0.',
          )
        l[i * d + i] = Math.sqrt(s)
      } else l[i * d + j] = s / l[j * d + j]!
    }
  }
  return l
}

/** L⁻¹ by forward substitution, column by column. */
function invertLower(l: Float64Array, d: number): Float64Array {
  const w = new Float64Array(d * d)
  for (let c = 0; c < d; c++) {
    w[c * d + c] = 1 / l[c * d + c]!
    for (let i = c + 1; i < d; i++) {
      let s = 0
      for (let k = c; k < i; k++) s += l[i * d + k]! * w[k * d + c]!
      w[i * d + c] = -s / l[i * d + i]!
    }
  }
  return w
}

function packLower(m: Float64Array, d: number): number[] {
  const out: number[] = []
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) out.push(m[i * d + j]!)
  return out
}
