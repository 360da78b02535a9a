/**
 * A sample: one recording with one label. Values are stored interleaved by time step —
 * `[t0·axis0, t0·axis1, …, t1·axis0, …]` — as float32, for every kind of sample:
 * - `timeseries`: sensor axes at `rateHz` (an accelerometer: 3 axes),
 * - `audio`: one axis at `rateHz` (16 kHz for keyword spotting), values in [−1, 1],
 * - `image`: `length = width·height` "time steps" of `channels` axes (R, G, B or gray), values 0–255,
 *   row-major from the top-left pixel; `rateHz` is 0.
 */

export type SampleKind = 'timeseries' | 'audio' | 'image'
export type Category = 'training' | 'testing'

export interface AxisInfo {
  readonly name: string
  /** "m/s²", "raw", "" when unknown. */
  readonly unit: string
}

export interface SampleMeta {
  /** Stable id, also the file name under data/samples/. */
  readonly id: string
  readonly kind: SampleKind
  readonly label: string
  readonly category: Category
  /** Samples per second per axis; 0 for images. */
  readonly rateHz: number
  readonly axes: readonly AxisInfo[]
  /** Time steps (frames); for images width·height. */
  readonly length: number
  readonly image?: { readonly width: number; readonly height: number }
  /** Where it came from, for people: "Arduino Uno 85735313… on /dev/ttyACM0", "walk-3.csv", "gestures demo". */
  readonly source: string
  readonly createdAt: string
  /** Set when the recording ended early (board unplugged); the values that arrived are kept. */
  readonly truncated?: boolean
}

export interface Sample {
  readonly meta: SampleMeta
  /** `meta.length · meta.axes.length` values, interleaved by time step. Owned by the sample. */
  readonly values: Float32Array
}

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
