import { CompressErrorCode } from '../../../../src/shared/api/compress'
import { describe, expect, it } from 'vitest'
import { clusterWeights, reconstruct } from '../../../../src/core/compress/cluster/kmeans-1d'

describe('clusterWeights', () => {
  it('finds well-separated groups exactly and maps every weight to its group', () => {
    const groups = [-0.5, -0.1, 0.2, 0.9]
    const weights = Float32Array.from({ length: 400 }, (_, i) => groups[i % 4]! + ((i % 7) - 3) * 1e-4)
    const { centroids, indices } = clusterWeights(weights, 2)
    for (let c = 0; c < 4; c++) expect(centroids[c]).toBeCloseTo(groups[c]!, 4)
    for (let i = 0; i < weights.length; i++) expect(indices[i]).toBe(i % 4)
  })

  it('reduces the reconstruction error as bits grow', () => {
    const weights = Float32Array.from(
      { length: 5000 },
      (_, i) => Math.sin(i * 12.9898) * Math.cos(i * 78.233),
    )
    const errors = [1, 2, 3, 4, 5].map((b) => clusterWeights(weights, b).squaredError)
    for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeLessThan(errors[i - 1]!)
    const rebuilt = reconstruct(clusterWeights(weights, 5))
    expect(new Set(rebuilt).size).toBeLessThanOrEqual(32)
  })

  it('is deterministic', () => {
    const weights = Float32Array.from({ length: 1000 }, (_, i) => Math.tan(i) % 1)
    expect(clusterWeights(weights, 4)).toEqual(clusterWeights(weights, 4))
  })

  it('refuses more clusters than distinct weights, non-finite weights and bad bit counts', () => {
    expect(() => clusterWeights(Float32Array.from([1, 1, 2, 2, 3]), 2)).toThrow(
      expect.objectContaining({ code: CompressErrorCode.TooManyClusters }),
    )
    expect(() => clusterWeights(Float32Array.from([0, 0, 0, 0]), 1)).toThrow(/fewer than the 2 clusters/)
    expect(() => clusterWeights(Float32Array.from([1, Number.NaN]), 1)).toThrow(/NaN/)
    for (const b of [0, 9, 2.5])
      expect(() => clusterWeights(Float32Array.from([1, 2, 3]), b)).toThrow(/1 to 8 bits/)
  })
})
