import type { SampleMeta, Sample } from '../../shared/api/dataset'

/**
 * The sample types are defined in the dataset contract (src/shared/api/dataset.ts) because they cross
 * processes; they are re-exported here so that core code and older imports keep one place to look.
 */
export type { SampleKind, Category, AxisInfo, SampleMeta, Sample } from '../../shared/api/dataset'

export function durationMs(meta: SampleMeta): number {
  return meta.rateHz > 0 ? (meta.length / meta.rateHz) * 1000 : 0
}

/** The values of one axis, de-interleaved (a copy). */
export function axisValues(sample: Sample, axis: number): Float32Array {
  const axes = sample.meta.axes.length
  const out = new Float32Array(sample.meta.length)
  for (let t = 0; t < out.length; t++) out[t] = sample.values[t * axes + axis]!
  return out
}
