import type { FeatureDesign } from './registry'

/**
 * Per-feature standardisation for the raw block (`standardize: true`): each axis's mean and 1/std over
 * every frame of the training data, stored as the block's `offsets` and `axisScales`, so that the block
 * computes `(x − mean) / std` and the generated C carries the same constants (dsp-series-params.ts).
 *
 * The constants are rounded to float32 here, once: the board multiplies by float32 tables, and the
 * TypeScript block then uses bit-identical constants, so the two differ only by float32 arithmetic. The std
 * is the population one (divide by n), as scikit-learn's StandardScaler; an axis whose std is 0 (or below
 * 1e-6 of its magnitude: a constant feature, an always-blank pixel) keeps the scale 1 and is only centred.
 */
export interface Standardization {
  readonly offsets: readonly number[]
  readonly axisScales: readonly number[]
}

/** Mean and 1/std per axis of interleaved frames (`[t][axis]`), over all the given arrays. */
export function standardizationOf(frames: Iterable<Float32Array>, axes: number): Standardization {
  const sum = new Float64Array(axes)
  const sumSq = new Float64Array(axes)
  let n = 0
  const seen: Float32Array[] = []
  for (const values of frames) {
    seen.push(values)
    for (let i = 0; i < values.length; i++) sum[i % axes]! += values[i]!
    n += values.length / axes
  }
  if (n === 0)
    return { offsets: new Array<number>(axes).fill(0), axisScales: new Array<number>(axes).fill(1) }
  const mean = Array.from(sum, (s) => s / n)
  // Two passes (sum of squared deviations from the mean): no cancellation for large means.
  for (const values of seen)
    for (let i = 0; i < values.length; i++) sumSq[i % axes]! += (values[i]! - mean[i % axes]!) ** 2
  return {
    offsets: mean.map((m) => Math.fround(m)),
    axisScales: mean.map((m, a) => {
      const std = Math.sqrt(sumSq[a]! / n)
      return std > 1e-6 * Math.max(1, Math.abs(m)) ? Math.fround(1 / std) : 1
    }),
  }
}

/** True when a raw block of the design asks for standardisation. */
export function wantsStandardization(features: FeatureDesign): boolean {
  return features.blocks.some((b) => b.block === 'raw' && b.params.standardize === true)
}

/** The design with the constants in every raw block that asks for standardisation. */
export function withStandardization(features: FeatureDesign, s: Standardization): FeatureDesign {
  return {
    ...features,
    blocks: features.blocks.map((b) =>
      b.block === 'raw' && b.params.standardize === true
        ? { ...b, params: { ...b.params, offsets: [...s.offsets], axisScales: [...s.axisScales] } }
        : b,
    ),
  }
}

/**
 * The design as a model's fingerprint sees it: the constants of a standardising raw block are learnt from
 * the data, like weights, so they do not make a model stale; the choice to standardise does.
 */
export function withoutLearntConstants(features: FeatureDesign): FeatureDesign {
  return withStandardization(features, { offsets: [], axisScales: [] })
}
