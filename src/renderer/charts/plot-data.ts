import type { Sample } from '../../shared/api/dataset'
import { sampleEnvelope } from '../../core/dataset/overview'

/**
 * A sample as uPlot data: x in seconds, one series per axis. Long samples are reduced to at most
 * `maxPoints` points per axis as a min/max envelope (two points per bucket, at the bucket's first and
 * middle frame), so that peaks stay visible and drawing stays fast.
 */
export function sampleSeries(sample: Sample, maxPoints = 4000): [Float64Array, ...Float32Array[]] {
  const { length, rateHz } = sample.meta
  const axes = sample.meta.axes.length
  const buckets = Math.min(length, Math.floor(maxPoints / 2))
  const exact = buckets === length
  const n = exact ? length : buckets * 2
  const xs = new Float64Array(n)
  const ys = Array.from({ length: axes }, () => new Float32Array(n))
  const rate = rateHz > 0 ? rateHz : 1
  if (exact) {
    for (let t = 0; t < length; t++) {
      xs[t] = t / rate
      for (let a = 0; a < axes; a++) ys[a]![t] = sample.values[t * axes + a]!
    }
    return [xs, ...ys]
  }
  const { min, max } = sampleEnvelope(sample, buckets)
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * length) / buckets)
    const end = Math.max(start + 1, Math.floor(((b + 1) * length) / buckets))
    xs[2 * b] = start / rate
    xs[2 * b + 1] = (start + (end - start) / 2) / rate
    for (let a = 0; a < axes; a++) {
      ys[a]![2 * b] = min[a * buckets + b]!
      ys[a]![2 * b + 1] = max[a * buckets + b]!
    }
  }
  return [xs, ...ys]
}

/** RGB(A) pixels for a canvas from an image sample (gray or RGB, values 0–255). */
export function imagePixels(sample: Sample): ImageData {
  const { width, height } = sample.meta.image!
  const channels = sample.meta.axes.length
  const pixels = new ImageData(width, height)
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++)
      pixels.data[p * 4 + c] = sample.values[p * channels + (channels === 1 ? 0 : c)]!
    pixels.data[p * 4 + 3] = 255
  }
  return pixels
}
