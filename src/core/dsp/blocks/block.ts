import type { z } from 'zod'
import { dspFailure } from '../errors'
import type {
  BlockInput,
  FeatureShape,
  ImageInput,
  ImageShape,
  InputShape,
  SeriesInput,
  SeriesShape,
} from '../types'

/**
 * A processing block: pure functions of (params, input). `schema` validates a stored parameter object and
 * fills in defaults for missing fields (so `schema.parse({})` is the defaults); `describeOutput` gives the
 * feature shape without computing it, failing with a `MoteFailure` (11xxx) that names the setting to change
 * when the params cannot work with this input; `compute` returns a new `Float32Array` of exactly
 * `shapeSize(describeOutput(params, input))` values, row-major in that shape.
 */
export interface FeatureBlock<P> {
  readonly id: string
  readonly title: string
  readonly inputKind: 'series' | 'image'
  readonly schema: z.ZodType<P, unknown>
  readonly defaults: P
  describeOutput(params: P, input: InputShape): FeatureShape
  compute(params: P, input: BlockInput): Float32Array
}

export function requireSeries<T extends SeriesShape>(input: T | ImageShape | ImageInput, title: string): T {
  if (input.kind !== 'series') {
    throw dspFailure(
      'InputMismatch',
      `The ${title} block works on time series, but this sample is an image. Choose the image block.`,
    )
  }
  return input
}

export function requireImage<T extends ImageShape>(input: T | SeriesShape | SeriesInput, title: string): T {
  if (input.kind !== 'image') {
    throw dspFailure(
      'InputMismatch',
      `The ${title} block works on images, but this sample is a time series. Choose a time-series block.`,
    )
  }
  return input
}

export type { BlockInput }
