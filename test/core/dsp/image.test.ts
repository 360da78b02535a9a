import { DspErrorCode } from '../../../src/shared/api/design'
import { describe, expect, it } from 'vitest'
import { imageBlock, imageParamsSchema } from '../../../src/core/dsp/blocks/image'
import { centreCrop, fitInside } from '../../../src/core/dsp/image-resize'
import type { ImageInput } from '../../../src/core/dsp/types'

/** An RGB image from per-pixel red values; green is 10 and blue 255 − red everywhere. */
function redImage(rows: number[][], channels: 3 | 4 = 3): ImageInput {
  const height = rows.length
  const width = rows[0]!.length
  const pixels = new Uint8Array(width * height * channels)
  rows.flat().forEach((r, i) => {
    pixels.set(channels === 3 ? [r, 10, 255 - r] : [r, 10, 255 - r, 7], i * channels)
  })
  return { kind: 'image', pixels, width, height, channels }
}

/** The red channel of an RGB feature map, scaled back to 0–255, as rows. */
function redRows(out: Float32Array, width: number, height: number): number[][] {
  return Array.from({ length: height }, (_, y) =>
    Array.from({ length: width }, (_, x) => out[(y * width + x) * 3]! * 255),
  )
}

const params = (p: object) => imageParamsSchema.parse(p)

function expectRows(actual: number[][], expected: number[][]): void {
  expected.forEach((row, y) => row.forEach((v, x) => expect(actual[y]![x], `(${x}, ${y})`).toBeCloseTo(v, 3)))
}

describe('image block', () => {
  it('upscales 2×2 to 4×4 with half-pixel bilinear taps (hand-computed)', () => {
    // along each axis, 2 → 4 reads source coordinates −0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1):
    // [a, b] → [a, 0.75a + 0.25b, 0.25a + 0.75b, b]
    const out = imageBlock.compute(
      params({ width: 4, height: 4, resizeMode: 'squash' }),
      redImage([
        [0, 100],
        [200, 40],
      ]),
    )
    expectRows(redRows(out, 4, 4), [
      [0, 25, 75, 100],
      [50, 58.75, 76.25, 85],
      [150, 126.25, 78.75, 55],
      [200, 160, 80, 40],
    ])
    expect(out[1]! * 255).toBeCloseTo(10, 4) // green
    expect(out[2]! * 255).toBeCloseTo(255, 4) // blue = 255 − red
  })

  it('downscales 4 → 2 as the mean of each pair and 3 → 2 at source coordinates 0.25 and 1.75', () => {
    const half = imageBlock.compute(
      params({ width: 2, height: 1, resizeMode: 'squash' }),
      redImage([[10, 20, 30, 50]]),
    )
    expectRows(redRows(half, 2, 1), [[15, 40]])
    const third = imageBlock.compute(
      params({ width: 2, height: 1, resizeMode: 'squash' }),
      redImage([[0, 100, 200]]),
    )
    expectRows(redRows(third, 2, 1), [[25, 175]])
  })

  it('matches scipy.ndimage.zoom(order=1, grid_mode=True, mode="nearest") on a random 7×5 image', () => {
    // scipy 1.17.1: half-pixel-centred linear zoom with edge clamping, the same convention
    const src = [
      [171, 206, 5, 206, 120, 131, 161],
      [73, 250, 13, 71, 98, 146, 104],
      [33, 11, 0, 12, 38, 255, 48],
      [167, 192, 60, 72, 111, 67, 249],
      [45, 229, 204, 216, 29, 100, 160],
    ]
    const shrunk = imageBlock.compute(params({ width: 4, height: 3, resizeMode: 'squash' }), redImage(src))
    expectRows(redRows(shrunk, 4, 3), [
      [169.208333, 26.833333, 118.708333, 139.75],
      [24.75, 1.5, 34.75, 125.625],
      [134.791667, 157.5, 70.291667, 151.916667],
    ])
    const grown = imageBlock.compute(params({ width: 9, height: 11, resizeMode: 'squash' }), redImage(src))
    const rows = redRows(grown, 9, 11)
    expectRows(
      [rows[0]!, rows[4]!, rows[10]!],
      [
        [171.0, 194.333333, 116.666667, 49.666667, 206.0, 139.111111, 126.111111, 141.0, 161.0],
        [51.181818, 96.818182, 69.090909, 13.222222, 38.818182, 59.393939, 143.151515, 161.454545, 73.454545],
        [45.0, 167.666667, 217.888889, 206.666667, 216.0, 70.555556, 68.444444, 120.0, 160.0],
      ],
    )
  })

  it('crops the centre to the target aspect ratio before resizing', () => {
    expect(centreCrop(4, 2, 2, 2)).toEqual({ x: 1, y: 0, width: 2, height: 2 })
    expect(centreCrop(2, 5, 1, 1)).toEqual({ x: 0, y: 1, width: 2, height: 2 })
    const out = imageBlock.compute(
      params({ width: 2, height: 2, resizeMode: 'crop' }),
      redImage([
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ]),
    )
    expectRows(redRows(out, 2, 2), [
      [2, 3],
      [6, 7],
    ])
  })

  it('fits the whole image inside, centred, with black borders', () => {
    expect(fitInside(4, 2, 4, 4)).toEqual({ x: 0, y: 1, width: 4, height: 2 })
    const out = imageBlock.compute(
      params({ width: 4, height: 4, resizeMode: 'fit' }),
      redImage([
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ]),
    )
    expectRows(redRows(out, 4, 4), [
      [0, 0, 0, 0],
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [0, 0, 0, 0],
    ])
    expect(out[1]).toBe(0) // the border is black in every channel
  })

  it('converts to grayscale with BT.601 luma 0.299R + 0.587G + 0.114B', () => {
    const img: ImageInput = {
      kind: 'image',
      pixels: Uint8Array.from([10, 20, 30, 255, 0, 0]),
      width: 2,
      height: 1,
      channels: 3,
    }
    const out = imageBlock.compute(
      params({ width: 2, height: 1, colorMode: 'grayscale', resizeMode: 'squash' }),
      img,
    )
    expect(out.length).toBe(2)
    expect(out[0]! * 255).toBeCloseTo(18.15, 4)
    expect(out[1]).toBeCloseTo(0.299, 6)
  })

  it('normalises 0…255 to 0…1 or −1…1', () => {
    const img: ImageInput = {
      kind: 'image',
      pixels: Uint8Array.from([0, 255, 127.5]),
      width: 1,
      height: 1,
      channels: 3,
    }
    const out = imageBlock.compute(params({ width: 1, height: 1, normalize: 'minusOneToOne' }), img)
    expect(out[0]).toBe(-1)
    expect(out[1]).toBe(1)
  })

  it('ignores the alpha channel of RGBA input', () => {
    const p = params({ width: 3, height: 3, resizeMode: 'squash' })
    const rgb = imageBlock.compute(
      p,
      redImage(
        [
          [0, 100],
          [200, 40],
        ],
        3,
      ),
    )
    const rgba = imageBlock.compute(
      p,
      redImage(
        [
          [0, 100],
          [200, 40],
        ],
        4,
      ),
    )
    expect(Array.from(rgba)).toEqual(Array.from(rgb))
  })

  it('describes its output as height × width × channels and refuses time series', () => {
    const shape = { kind: 'image', width: 320, height: 240, channels: 4 } as const
    expect(imageBlock.describeOutput(imageBlock.defaults, shape)).toEqual([96, 96, 3])
    expect(
      imageBlock.describeOutput(params({ width: 48, height: 32, colorMode: 'grayscale' }), shape),
    ).toEqual([32, 48, 1])
    expect(() =>
      imageBlock.describeOutput(imageBlock.defaults, { kind: 'series', frames: 10, axes: 1, rateHz: 1 }),
    ).toThrow(expect.objectContaining({ code: DspErrorCode.InputMismatch }))
  })
})
