import type { Sample } from './sample'

/**
 * A min/max envelope of every axis in `columns` equal slices of the sample (frames `[⌊c·n/C⌋, ⌊(c+1)·n/C⌋)`;
 * a slice that would be empty takes the nearest frame), axis-major. Thumbnails draw one vertical line per
 * column from min to max, so nothing between two pixels is hidden.
 */
export function sampleEnvelope(sample: Sample, columns: number): { min: Float32Array; max: Float32Array } {
  const axes = sample.meta.axes.length
  const n = sample.meta.length
  const min = new Float32Array(axes * columns)
  const max = new Float32Array(axes * columns)
  if (n === 0) return { min, max }
  for (let c = 0; c < columns; c++) {
    let start = Math.floor((c * n) / columns)
    let end = Math.floor(((c + 1) * n) / columns)
    if (end <= start) {
      start = Math.min(start, n - 1)
      end = start + 1
    }
    for (let a = 0; a < axes; a++) {
      let lo = Infinity
      let hi = -Infinity
      for (let t = start; t < end; t++) {
        const v = sample.values[t * axes + a]!
        if (v < lo) lo = v
        if (v > hi) hi = v
      }
      min[a * columns + c] = lo
      max[a * columns + c] = hi
    }
  }
  return { min, max }
}
