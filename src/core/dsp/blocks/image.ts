import { z } from 'zod'
import { dspFailure } from '../errors'
import { centreCrop, fitInside, resizeRegionInto } from '../image-resize'
import type { ImageShape, InputShape } from '../types'
import { requireImage, type FeatureBlock } from './block'

/**
 * Image features: 8-bit RGB(A) in, `[height, width, 1 | 3]` real values out.
 *   1. resize (image-resize.ts, bilinear with half-pixel centres):
 *      squash — the whole image to width×height, aspect ratio not kept;
 *      crop   — the centred crop with the target's aspect ratio, then resized (fills the frame);
 *      fit    — the whole image fitted inside, centred, the border 0 (black)
 *   2. grayscale: Y = 0.299·R + 0.587·G + 0.114·B (ITU-R BT.601 luma, as PIL's "L" mode)
 *   3. normalise v ∈ 0…255: zeroToOne → v/255, minusOneToOne → v/127.5 − 1
 */
export const imageParamsSchema = z.object({
  width: z.number().int().min(1).max(1024).default(96),
  height: z.number().int().min(1).max(1024).default(96),
  resizeMode: z.enum(['squash', 'crop', 'fit']).default('crop'),
  colorMode: z.enum(['rgb', 'grayscale']).default('rgb'),
  normalize: z.enum(['zeroToOne', 'minusOneToOne']).default('zeroToOne'),
})
export type ImageParams = z.output<typeof imageParamsSchema>

export const lumaWeights = [0.299, 0.587, 0.114] as const

function checkImage(s: ImageShape): void {
  if (s.width < 1 || s.height < 1 || (s.channels !== 3 && s.channels !== 4)) {
    throw dspFailure(
      'InputMismatch',
      `The image block needs RGB or RGBA images of at least 1×1 pixels; this one is ${s.width}×${s.height} with ${s.channels} channels.`,
    )
  }
}

export const imageBlock: FeatureBlock<ImageParams> = {
  id: 'image',
  title: 'Image',
  inputKind: 'image',
  schema: imageParamsSchema,
  defaults: imageParamsSchema.parse({}),
  describeOutput(p, input: InputShape) {
    checkImage(requireImage(input, 'image'))
    return [p.height, p.width, p.colorMode === 'rgb' ? 3 : 1]
  },
  compute(p, input) {
    const src = requireImage(input, 'image')
    checkImage(src)
    if (src.pixels.length < src.width * src.height * src.channels) {
      throw dspFailure(
        'InputMismatch',
        `The image holds ${src.pixels.length} values, fewer than ${src.width}×${src.height}×${src.channels}. Re-import the image.`,
      )
    }
    const rgb = new Float64Array(p.width * p.height * 3)
    const whole = { x: 0, y: 0, width: src.width, height: src.height }
    if (p.resizeMode === 'fit') {
      resizeRegionInto(src, whole, fitInside(src.width, src.height, p.width, p.height), rgb, p.width)
    } else {
      const region = p.resizeMode === 'crop' ? centreCrop(src.width, src.height, p.width, p.height) : whole
      resizeRegionInto(src, region, { x: 0, y: 0, width: p.width, height: p.height }, rgb, p.width)
    }
    const [scale, shift] = p.normalize === 'zeroToOne' ? [1 / 255, 0] : [1 / 127.5, -1]
    if (p.colorMode === 'rgb') return Float32Array.from(rgb, (v) => v * scale + shift)
    const out = new Float32Array(p.width * p.height)
    for (let i = 0; i < out.length; i++) {
      const y =
        lumaWeights[0] * rgb[3 * i]! + lumaWeights[1] * rgb[3 * i + 1]! + lumaWeights[2] * rgb[3 * i + 2]!
      out[i] = y * scale + shift
    }
    return out
  },
}
