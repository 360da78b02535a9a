/**
 * Bilinear resampling with half-pixel centres — the convention of OpenCV's INTER_LINEAR and of
 * `tf.image.resize(method='bilinear', antialias=False)` (TF1's `half_pixel_centers=True`). For a source
 * region (x₀, y₀, w, h) resized to W×H, output pixel (i, j) (column i, row j) reads
 *   sx = clamp((i + 0.5)·w/W − 0.5, 0, w − 1),   sy = clamp((j + 0.5)·h/H − 0.5, 0, h − 1)
 *   c0 = ⌊sx⌋, c1 = min(c0 + 1, w − 1), fx = sx − c0   (rows likewise: r0, r1, fy)
 *   v = (1 − fy)·((1 − fx)·p[r0][c0] + fx·p[r0][c1]) + fy·((1 − fx)·p[r1][c0] + fx·p[r1][c1])
 * with p[r][c] the source pixel (x₀ + c, y₀ + r). Values stay real (no rounding back to bytes). Shrinking
 * by more than 2× reads only the four nearest pixels (no antialiasing), like OpenCV and TF's default.
 */

export interface PixelRegion {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export interface RgbImage {
  readonly pixels: ArrayLike<number>
  readonly width: number
  readonly height: number
  readonly channels: number
}

/** Source coordinates and weights for one axis: index pairs and the fraction toward the second. */
export function bilinearTaps(
  srcLength: number,
  dstLength: number,
): { i0: Int32Array; i1: Int32Array; frac: Float64Array } {
  const i0 = new Int32Array(dstLength)
  const i1 = new Int32Array(dstLength)
  const frac = new Float64Array(dstLength)
  const scale = srcLength / dstLength
  for (let d = 0; d < dstLength; d++) {
    const s = Math.min(Math.max((d + 0.5) * scale - 0.5, 0), srcLength - 1)
    i0[d] = Math.floor(s)
    i1[d] = Math.min(i0[d]! + 1, srcLength - 1)
    frac[d] = s - i0[d]!
  }
  return { i0, i1, frac }
}

/**
 * Resizes `region` of `src` into a `dstWidth × dstHeight` block of `out` (RGB, 3 channels, row stride
 * `outWidth`), placed at (`outX`, `outY`). Alpha, if present, is ignored.
 */
export function resizeRegionInto(
  src: RgbImage,
  region: PixelRegion,
  target: { readonly width: number; readonly height: number; readonly x: number; readonly y: number },
  out: Float64Array,
  outWidth: number,
): void {
  const cols = bilinearTaps(region.width, target.width)
  const rows = bilinearTaps(region.height, target.height)
  const at = (r: number, c: number, ch: number): number =>
    src.pixels[((region.y + r) * src.width + region.x + c) * src.channels + ch]!
  for (let j = 0; j < target.height; j++) {
    const [r0, r1, fy] = [rows.i0[j]!, rows.i1[j]!, rows.frac[j]!]
    for (let i = 0; i < target.width; i++) {
      const [c0, c1, fx] = [cols.i0[i]!, cols.i1[i]!, cols.frac[i]!]
      const o = ((target.y + j) * outWidth + target.x + i) * 3
      for (let ch = 0; ch < 3; ch++) {
        const top = (1 - fx) * at(r0, c0, ch) + fx * at(r0, c1, ch)
        const bottom = (1 - fx) * at(r1, c0, ch) + fx * at(r1, c1, ch)
        out[o + ch] = (1 - fy) * top + fy * bottom
      }
    }
  }
}

/**
 * The centred crop of a `srcWidth × srcHeight` image with the aspect ratio of `dstWidth × dstHeight`:
 * the full height and round(srcHeight·dstWidth/dstHeight) columns starting at ⌊(srcWidth − cropWidth)/2⌋
 * when the source is wider, else the full width and the rows likewise.
 */
export function centreCrop(
  srcWidth: number,
  srcHeight: number,
  dstWidth: number,
  dstHeight: number,
): PixelRegion {
  if (srcWidth * dstHeight > srcHeight * dstWidth) {
    const width = Math.max(1, Math.round((srcHeight * dstWidth) / dstHeight))
    return { x: Math.floor((srcWidth - width) / 2), y: 0, width, height: srcHeight }
  }
  const height = Math.max(1, Math.round((srcWidth * dstHeight) / dstWidth))
  return { x: 0, y: Math.floor((srcHeight - height) / 2), width: srcWidth, height }
}

/**
 * Where the whole source lands when fitted inside `dstWidth × dstHeight` keeping its aspect ratio
 * (letterbox): scale s = min(dstWidth/srcWidth, dstHeight/srcHeight), size round(src·s) (at least 1),
 * centred at ⌊(dst − size)/2⌋; the border stays 0 (black).
 */
export function fitInside(
  srcWidth: number,
  srcHeight: number,
  dstWidth: number,
  dstHeight: number,
): { x: number; y: number; width: number; height: number } {
  const s = Math.min(dstWidth / srcWidth, dstHeight / srcHeight)
  const width = Math.min(dstWidth, Math.max(1, Math.round(srcWidth * s)))
  const height = Math.min(dstHeight, Math.max(1, Math.round(srcHeight * s)))
  return { x: Math.floor((dstWidth - width) / 2), y: Math.floor((dstHeight - height) / 2), width, height }
}
