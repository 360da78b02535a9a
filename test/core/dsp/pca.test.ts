import { describe, expect, it } from 'vitest'
import { pca2d } from '../../../src/core/dsp/pca'
import { lcgNoise } from './reference'

/** Cyclic Jacobi eigen-decomposition of a small symmetric matrix: an independent reference. */
function jacobiEigen(a: number[][]): { values: number[]; vectors: number[][] } {
  const n = a.length
  const m = a.map((row) => [...row])
  const v: number[][] = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  )
  for (let sweep = 0; sweep < 100; sweep++) {
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(m[p]![q]!) < 1e-300) continue
        const theta = (m[q]![q]! - m[p]![p]!) / (2 * m[p]![q]!)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < n; k++) {
          const [mkp, mkq] = [m[k]![p]!, m[k]![q]!]
          m[k]![p] = c * mkp - s * mkq
          m[k]![q] = s * mkp + c * mkq
        }
        for (let k = 0; k < n; k++) {
          const [mpk, mqk] = [m[p]![k]!, m[q]![k]!]
          m[p]![k] = c * mpk - s * mqk
          m[q]![k] = s * mpk + c * mqk
        }
        for (let k = 0; k < n; k++) {
          const [vkp, vkq] = [v[k]![p]!, v[k]![q]!]
          v[k]![p] = c * vkp - s * vkq
          v[k]![q] = s * vkp + c * vkq
        }
      }
    }
  }
  const order = m.map((row, i) => ({ i, value: row[i]! })).sort((x, y) => y.value - x.value)
  return { values: order.map((o) => o.value), vectors: order.map((o) => v.map((row) => row[o.i]!)) }
}

describe('pca2d', () => {
  it('finds a known principal axis (0.6, 0.8) and the orthogonal one, with their variances', () => {
    // x_i = 5·cos(φ_i)·(0.6, 0.8) + 1·sin(φ_i)·(−0.8, 0.6) + (3, −2) over a full circle: var 12.5 and 0.5
    const n = 360
    const data = new Float64Array(n * 2)
    for (let i = 0; i < n; i++) {
      const [t, s] = [5 * Math.cos((2 * Math.PI * i) / n), Math.sin((2 * Math.PI * i) / n)]
      data[2 * i] = 3 + 0.6 * t - 0.8 * s
      data[2 * i + 1] = -2 + 0.8 * t + 0.6 * s
    }
    const r = pca2d({ rows: n, cols: 2, data }, { standardize: false })
    expect(r.components[0][0]).toBeCloseTo(0.6, 9)
    expect(r.components[0][1]).toBeCloseTo(0.8, 9)
    // sign convention: the largest-magnitude entry is positive, so (−0.8, 0.6) becomes (0.8, −0.6)
    expect(r.components[1][0]).toBeCloseTo(0.8, 9)
    expect(r.components[1][1]).toBeCloseTo(-0.6, 9)
    expect(r.variances[0]).toBeCloseTo(12.5, 9)
    expect(r.variances[1]).toBeCloseTo(0.5, 9)
    expect(r.totalVariance).toBeCloseTo(13, 9)
    expect(r.points[0]).toBeCloseTo(5, 5) // φ = 0: t = 5, s = 0
    expect(r.points[1]).toBeCloseTo(0, 5)
  })

  it('agrees with a Jacobi eigen-decomposition of the covariance on correlated random data', () => {
    const rows = 500
    const cols = 12
    const noise = lcgNoise(rows * cols, 3)
    const latent = lcgNoise(rows * 2, 9)
    const data = new Float64Array(rows * cols)
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        data[r * cols + c] =
          (c + 1) * latent[2 * r]! + Math.cos(c) * 2 * latent[2 * r + 1]! + 0.3 * noise[r * cols + c]!
      }
    }
    const ours = pca2d({ rows, cols, data }, { standardize: false })
    const mean = Array.from({ length: cols }, (_, c) => {
      let s = 0
      for (let r = 0; r < rows; r++) s += data[r * cols + c]!
      return s / rows
    })
    const cov = Array.from({ length: cols }, (_, i) =>
      Array.from({ length: cols }, (_, j) => {
        let s = 0
        for (let r = 0; r < rows; r++)
          s += (data[r * cols + i]! - mean[i]!) * (data[r * cols + j]! - mean[j]!)
        return s / rows
      }),
    )
    const ref = jacobiEigen(cov)
    expect(ours.variances[0]).toBeCloseTo(ref.values[0]!, 8)
    expect(ours.variances[1]).toBeCloseTo(ref.values[1]!, 8)
    for (let c = 0; c < 2; c++) {
      const dot = ref.vectors[c]!.reduce((s, v, i) => s + v * ours.components[c]![i]!, 0)
      expect(Math.abs(dot)).toBeCloseTo(1, 8)
    }
  })

  it('standardises columns by default so that a feature in large units does not dominate', () => {
    const rows = 200
    const a = lcgNoise(rows, 1)
    const b = lcgNoise(rows, 2)
    const data = new Float64Array(rows * 3)
    for (let r = 0; r < rows; r++) {
      data[r * 3] = 1000 * a[r]!
      data[r * 3 + 1] = b[r]!
      data[r * 3 + 2] = b[r]! + 0.01 * a[r]!
    }
    const raw = pca2d({ rows, cols: 3, data }, { standardize: false })
    expect(Math.abs(raw.components[0][0]!)).toBeCloseTo(1, 4)
    const standard = pca2d({ rows, cols: 3, data })
    // standardised, columns 1 and 2 are almost the same variable and form the first component
    expect(Math.abs(standard.components[0][1]!)).toBeCloseTo(Math.SQRT1_2, 2)
    expect(Math.abs(standard.components[0][2]!)).toBeCloseTo(Math.SQRT1_2, 2)
  })

  it('is deterministic and handles a constant column and a single column', () => {
    const data = Float64Array.from([1, 5, 2, 5, 4, 5, 7, 5])
    const first = pca2d({ rows: 4, cols: 2, data })
    const second = pca2d({ rows: 4, cols: 2, data })
    expect(Array.from(first.points)).toEqual(Array.from(second.points))
    expect(first.variances[1]).toBeCloseTo(0, 12)
    const single = pca2d({ rows: 3, cols: 1, data: [1, 2, 3] }, { standardize: false })
    expect(Array.from(single.components[0])).toEqual([1])
    expect(Array.from(single.points)).toEqual([-1, 0, 0, 0, 1, 0])
  })
})
