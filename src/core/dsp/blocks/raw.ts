import { z } from 'zod'
import { dspFailure } from '../errors'
import type { InputShape, SeriesShape } from '../types'
import { requireSeries, type FeatureBlock } from './block'

/**
 * Raw (scaled) features: the window itself, per value
 *   y[t][a] = (x[t][a] − offset[a]) · axisScale[a] · scale
 * where empty `offsets` / `axisScales` mean 0 / 1 for every axis. Output shape `[frames, axes]`.
 * With `standardize`, training sets `offsets` to each axis's mean and `axisScales` to 1/std over the
 * training split (standardize.ts): "the features as they are", standardised. The C gets them as constants.
 */
export const rawParamsSchema = z.object({
  scale: z.number().finite().default(1),
  offsets: z.array(z.number().finite()).max(64).default([]),
  axisScales: z.array(z.number().finite()).max(64).default([]),
  // Optional, not defaulted: a design saved before it parses to the same object (and the same hash).
  standardize: z.boolean().optional(),
})
export type RawParams = z.output<typeof rawParamsSchema>

function checkAxes(p: RawParams, input: SeriesShape): void {
  for (const [name, list] of [
    ['offsets', p.offsets],
    ['axis scales', p.axisScales],
  ] as const) {
    if (list.length !== 0 && list.length !== input.axes) {
      throw dspFailure(
        'IncompatibleParams',
        `The raw block has ${list.length} ${name} but the samples have ${input.axes} axes. Give one per axis or none.`,
      )
    }
  }
}

export const rawBlock: FeatureBlock<RawParams> = {
  id: 'raw',
  title: 'Raw',
  inputKind: 'series',
  schema: rawParamsSchema,
  defaults: rawParamsSchema.parse({}),
  describeOutput(p, input: InputShape) {
    const s = requireSeries(input, 'raw')
    checkAxes(p, s)
    return [s.frames, s.axes]
  },
  compute(p, input) {
    const s = requireSeries(input, 'raw')
    checkAxes(p, s)
    const out = new Float32Array(s.frames * s.axes)
    for (let a = 0; a < s.axes; a++) {
      const offset = p.offsets[a] ?? 0
      const gain = (p.axisScales[a] ?? 1) * p.scale
      for (let t = 0; t < s.frames; t++) out[t * s.axes + a] = (s.values[t * s.axes + a]! - offset) * gain
    }
    return out
  },
}
