/**
 * Moments of a sequence, two-pass (mean first, then central sums), which keeps float32 on the board
 * accurate where the one-pass Σx² − n·x̄² form would cancel catastrophically.
 *   x̄ = (1/n)·Σx,  m_k = (1/n)·Σ(x − x̄)^k
 *   rms (of the mean-removed signal) = √m2
 *   skewness = m3 / m2^(3/2)          (Fisher–Pearson, biased: scipy.stats.skew's default)
 *   kurtosis = m4 / m2² − 3           (Fisher "excess", biased: scipy.stats.kurtosis's default)
 * When m2 ≤ `flatVariance` the shape statistics are undefined; we return 0 for both so that a flat window
 * gives finite features (scipy returns NaN).
 */
export interface Moments {
  readonly mean: number
  readonly rms: number
  readonly skewness: number
  readonly kurtosis: number
}

/** Variance at or below which a window counts as flat. */
export const flatVariance = 1e-20

export function moments(x: ArrayLike<number>): Moments {
  const n = x.length
  if (n === 0) return { mean: 0, rms: 0, skewness: 0, kurtosis: 0 }
  let sum = 0
  for (let i = 0; i < n; i++) sum += x[i]!
  const mean = sum / n
  let s2 = 0
  let s3 = 0
  let s4 = 0
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean
    const d2 = d * d
    s2 += d2
    s3 += d2 * d
    s4 += d2 * d2
  }
  const m2 = s2 / n
  if (m2 <= flatVariance) return { mean, rms: Math.sqrt(m2), skewness: 0, kurtosis: 0 }
  return {
    mean,
    rms: Math.sqrt(m2),
    skewness: s3 / n / (m2 * Math.sqrt(m2)),
    kurtosis: s4 / n / (m2 * m2) - 3,
  }
}
