import type { DesignMismatch, SampleMeta } from '../../shared/api/dataset'
import type { DesignInput } from './design'

/**
 * Whether a sample fits the design's input, and if not, how it differs: its kind, its rate (time series
 * and audio), its axis names in order. The one comparison behind the training check, the capture's
 * save-time warning and the Dataset view's "does not match the design" filter.
 */
export function designMismatch(
  input: DesignInput,
  meta: Pick<SampleMeta, 'kind' | 'rateHz' | 'axes'>,
): DesignMismatch | null {
  const axes = meta.axes.map((a) => a.name)
  const mismatch: DesignMismatch = {
    ...(meta.kind !== input.kind ? { kind: { sample: meta.kind, design: input.kind } } : {}),
    ...(meta.kind === input.kind && input.kind !== 'image' && meta.rateHz !== input.rateHz
      ? { rateHz: { sample: meta.rateHz, design: input.rateHz } }
      : {}),
    ...(axes.join('\u0000') !== input.axes.join('\u0000')
      ? { axes: { sample: axes, design: [...input.axes] } }
      : {}),
  }
  return Object.keys(mismatch).length === 0 ? null : mismatch
}

/** What can be fixed in place: axes renamed when the counts agree, a rate changed when the kinds do. */
export function mismatchFixes(mismatch: DesignMismatch): {
  readonly renameAxes: boolean
  readonly resample: boolean
} {
  return {
    renameAxes:
      !mismatch.kind && !!mismatch.axes && mismatch.axes.sample.length === mismatch.axes.design.length,
    resample: !mismatch.kind && !!mismatch.rateHz && mismatch.rateHz.design > 0,
  }
}
