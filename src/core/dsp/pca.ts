/**
 * PCA onto two components, for the feature explorer. Rows are windows, columns features.
 *   1. centre each column (and, with `standardize`, divide it by its population standard deviation;
 *      constant columns are left at 0), so features in Hz and in g² weigh alike
 *   2. covariance C = XᵀX / rows (d×d, double)
 *   3. the top two eigenvectors of C by orthogonal (subspace) iteration from a fixed pseudo-random start:
 *      V ← orth(C·V) with Gram–Schmidt, then a Rayleigh–Ritz step (the 2×2 projected matrix diagonalised
 *      exactly) so the pair is ordered by eigenvalue; stops when V moves less than `tolerance` or after
 *      `maxIterations`
 *   4. sign: each component's entry of largest magnitude (lowest index on ties) is made positive
 * Deterministic: the same matrix gives the same bytes. Cost: rows·d²/2 multiply-adds for C, then d² per
 * vector per iteration; d ≤ a few hundred, rows ≤ a few thousand is well under a second.
 */

export interface FeatureMatrix {
  readonly rows: number
  readonly cols: number
  /** Row-major, rows·cols values. */
  readonly data: ArrayLike<number>
}

export interface Pca2d {
  /** rows × 2, row-major: each window's coordinates on the two components. */
  readonly points: Float32Array
  readonly components: readonly [Float64Array, Float64Array]
  /** Eigenvalues λ₁ ≥ λ₂ of C (variance along each component, in standardised units if standardised). */
  readonly variances: readonly [number, number]
  readonly totalVariance: number
  readonly mean: Float64Array
  readonly scale: Float64Array
  readonly iterations: number
}

export interface PcaOptions {
  readonly standardize?: boolean
  readonly maxIterations?: number
  readonly tolerance?: number
}

export function pca2d(matrix: FeatureMatrix, options: PcaOptions = {}): Pca2d {
  const { rows, cols } = matrix
  const x = centred(matrix, options.standardize ?? true)
  const cov = covariance(x.data, rows, cols)
  let totalVariance = 0
  for (let i = 0; i < cols; i++) totalVariance += cov[i * cols + i]!
  const { vectors, values, iterations } = topTwoEigen(
    cov,
    cols,
    options.maxIterations ?? 500,
    options.tolerance ?? 1e-10,
  )
  const components = vectors.map(fixSign) as [Float64Array, Float64Array]
  const points = new Float32Array(rows * 2)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < 2; c++) points[r * 2 + c] = dot(x.data, r * cols, components[c]!, cols)
  }
  return { points, components, variances: values, totalVariance, mean: x.mean, scale: x.scale, iterations }
}

function centred(
  m: FeatureMatrix,
  standardize: boolean,
): { data: Float64Array; mean: Float64Array; scale: Float64Array } {
  const { rows, cols } = m
  const data = Float64Array.from(m.data)
  const mean = new Float64Array(cols)
  const scale = new Float64Array(cols).fill(1)
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) mean[c] = mean[c]! + data[r * cols + c]! / rows
  for (let c = 0; c < cols; c++) {
    let ss = 0
    for (let r = 0; r < rows; r++) ss += (data[r * cols + c]! - mean[c]!) ** 2
    const sd = Math.sqrt(ss / Math.max(1, rows))
    if (standardize) scale[c] = sd > 1e-12 ? 1 / sd : 0
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) data[r * cols + c] = (data[r * cols + c]! - mean[c]!) * scale[c]!
  }
  return { data, mean, scale }
}

/** XᵀX / rows, upper triangle accumulated four rows at a time (one pass over C per four rows), then mirrored. */
function covariance(x: Float64Array, rows: number, cols: number): Float64Array {
  const cov = new Float64Array(cols * cols)
  let r = 0
  for (; r + 3 < rows; r += 4) {
    const [b0, b1, b2, b3] = [r * cols, (r + 1) * cols, (r + 2) * cols, (r + 3) * cols]
    for (let i = 0; i < cols; i++) {
      const [x0, x1, x2, x3] = [x[b0 + i]!, x[b1 + i]!, x[b2 + i]!, x[b3 + i]!]
      const row = i * cols
      for (let j = i; j < cols; j++) {
        cov[row + j] = cov[row + j]! + x0 * x[b0 + j]! + x1 * x[b1 + j]! + x2 * x[b2 + j]! + x3 * x[b3 + j]!
      }
    }
  }
  for (; r < rows; r++) {
    const base = r * cols
    for (let i = 0; i < cols; i++) {
      const xi = x[base + i]!
      const row = i * cols
      for (let j = i; j < cols; j++) cov[row + j] = cov[row + j]! + xi * x[base + j]!
    }
  }
  for (let i = 0; i < cols; i++) {
    for (let j = i; j < cols; j++) {
      const v = cov[i * cols + j]! / Math.max(1, rows)
      cov[i * cols + j] = v
      cov[j * cols + i] = v
    }
  }
  return cov
}

function dot(a: ArrayLike<number>, aOffset: number, b: ArrayLike<number>, n: number): number {
  let s = 0
  for (let i = 0; i < n; i++) s += a[aOffset + i]! * b[i]!
  return s
}

function multiply(cov: Float64Array, n: number, v: Float64Array): Float64Array {
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = dot(cov, i * n, v, n)
  return out
}

/**
 * Gram–Schmidt on two vectors, in place. A vanishing `a` becomes e₀; a `b` that vanishes after removing
 * `a` becomes the unit vector least aligned with `a`, made orthogonal to it (for one column, 0).
 */
function orthonormalise(a: Float64Array, b: Float64Array, n: number): void {
  if (!normalise(a, n)) a[0] = 1
  removeComponent(b, a, n)
  if (normalise(b, n)) return
  let j = 0
  for (let i = 1; i < n; i++) if (Math.abs(a[i]!) < Math.abs(a[j]!)) j = i
  b.fill(0)
  b[j] = 1
  removeComponent(b, a, n)
  if (!normalise(b, n)) b.fill(0)
}

function removeComponent(v: Float64Array, unit: Float64Array, n: number): void {
  const p = dot(unit, 0, v, n)
  for (let i = 0; i < n; i++) v[i] = v[i]! - p * unit[i]!
}

/** Scales `v` to unit length; false (and `v` unchanged) when it is numerically zero. */
function normalise(v: Float64Array, n: number): boolean {
  const norm = Math.sqrt(dot(v, 0, v, n))
  if (!(norm > 1e-150)) return false
  for (let i = 0; i < n; i++) v[i] = v[i]! / norm
  return true
}

/** A fixed start (linear congruential generator, seed 1) so results never depend on the run. */
function startVector(n: number, seed: number): Float64Array {
  let state = seed >>> 0
  return Float64Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32 - 0.5
  })
}

function topTwoEigen(cov: Float64Array, n: number, maxIterations: number, tolerance: number) {
  let a = startVector(n, 1)
  let b = startVector(n, 2)
  orthonormalise(a, b, n)
  let values: [number, number] = [0, 0]
  let iterations = 0
  while (iterations < maxIterations) {
    iterations++
    const ca = multiply(cov, n, a)
    const cb = multiply(cov, n, b)
    const ritz = rayleighRitz(a, b, ca, cb, n)
    values = ritz.values
    orthonormalise(ritz.u, ritz.w, n)
    const moved = Math.max(1 - Math.abs(dot(ritz.u, 0, a, n)), 1 - Math.abs(dot(ritz.w, 0, b, n)))
    ;[a, b] = [ritz.u, ritz.w]
    if (moved < tolerance) break
  }
  return { vectors: [a, b] as [Float64Array, Float64Array], values, iterations }
}

/**
 * Given orthonormal a, b and their images ca = C·a, cb = C·b: the eigenpairs of the 2×2 matrix
 * T = [aᵀCa aᵀCb; bᵀCa bᵀCb], returned as the images C·V·y (the next iterate), ordered by eigenvalue.
 */
function rayleighRitz(a: Float64Array, b: Float64Array, ca: Float64Array, cb: Float64Array, n: number) {
  const t11 = dot(a, 0, ca, n)
  const t12 = (dot(a, 0, cb, n) + dot(b, 0, ca, n)) / 2
  const t22 = dot(b, 0, cb, n)
  const mid = (t11 + t22) / 2
  const radius = Math.hypot((t11 - t22) / 2, t12)
  const theta = 0.5 * Math.atan2(2 * t12, t11 - t22)
  const [cos, sin] = [Math.cos(theta), Math.sin(theta)]
  const u = new Float64Array(n)
  const w = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    u[i] = cos * ca[i]! + sin * cb[i]!
    w[i] = -sin * ca[i]! + cos * cb[i]!
  }
  return { u, w, values: [mid + radius, mid - radius] as [number, number] }
}

function fixSign(v: Float64Array): Float64Array {
  let best = 0
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]!) > Math.abs(v[best]!) + 1e-12) best = i
  return (v[best] ?? 0) < 0 ? v.map((x) => -x) : v
}
