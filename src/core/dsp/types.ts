/**
 * Shapes shared by every feature block. A time-series sample is stored interleaved
 * (`[t0a0, t0a1, …, t1a0, …]`, row-major `[frames, axes]`) with its axis count and rate; an image sample is
 * 8-bit RGB or RGBA bytes, row-major from the top-left pixel.
 */

/** What the dataset stores next to a time-series sample's values. */
export interface SeriesMeta {
  readonly kind?: 'series'
  readonly axes: number
  readonly rateHz: number
}

/** What the dataset stores next to an image sample's bytes. */
export interface ImageMeta {
  readonly kind: 'image'
  readonly width: number
  readonly height: number
  /** 3 = RGB, 4 = RGBA (alpha is ignored, not composited). */
  readonly channels: 3 | 4
}

export type SampleMeta = SeriesMeta | ImageMeta

/** One window of a time series, interleaved row-major `[frames, axes]`. */
export interface SeriesInput {
  readonly kind: 'series'
  readonly values: Float32Array
  readonly frames: number
  readonly axes: number
  readonly rateHz: number
}

/** An image: `width·height·channels` values in 0–255, row-major, channel-interleaved. */
export interface ImageInput {
  readonly kind: 'image'
  readonly pixels: ArrayLike<number>
  readonly width: number
  readonly height: number
  readonly channels: 3 | 4
}

export type BlockInput = SeriesInput | ImageInput

/** An input without its values: what `describeOutput` needs. */
export type SeriesShape = Omit<SeriesInput, 'values'>
export type ImageShape = Omit<ImageInput, 'pixels'>
export type InputShape = SeriesShape | ImageShape

/** A feature tensor's shape without the batch dimension, e.g. `[frames, filters]` or `[96, 96, 1]`. */
export type FeatureShape = readonly number[]

export function shapeSize(shape: FeatureShape): number {
  return shape.reduce((a, b) => a * b, 1)
}
