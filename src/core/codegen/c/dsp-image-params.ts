import type { ImageParams, InputShape } from '../../dsp'
import { centreCrop, fitInside, requireImage } from '../../dsp'
import { cFloat } from './dsp-c-text'
import { fixedMultiplier } from './dsp-fixed'
import type { BlockParts, DspTarget } from './dsp-params'

/**
 * The image block: which source region is resized into which rectangle of the output (crop, squash, fit:
 * src/core/dsp/image-resize.ts), and the one multiplier that turns image.c's exact integer interpolation
 * sum — the value × (2·targetWidth)·(2·targetHeight), × 1000 more for grayscale — into the normalised
 * feature. No tables, no work buffer.
 */
export function imageBlockCode(p: ImageParams, input: InputShape, target: DspTarget): BlockParts {
  const src = requireImage(input, 'image')
  const whole = { x: 0, y: 0, width: src.width, height: src.height }
  const region = p.resizeMode === 'crop' ? centreCrop(src.width, src.height, p.width, p.height) : whole
  const placed =
    p.resizeMode === 'fit'
      ? fitInside(src.width, src.height, p.width, p.height)
      : { x: 0, y: 0, width: p.width, height: p.height }
  const denominator = 4 * placed.width * placed.height * (p.colorMode === 'grayscale' ? 1000 : 1)
  const factor = (p.normalize === 'zeroToOne' ? 1 : 2) / (255 * denominator)
  const multiplier = fixedMultiplier(factor * 65536)
  return {
    structType: 'mote_dsp_image_params_t',
    tables: [],
    fields: {
      src_width: src.width,
      src_height: src.height,
      channels: src.channels,
      region_x: region.x,
      region_y: region.y,
      region_width: region.width,
      region_height: region.height,
      target_x: placed.x,
      target_y: placed.y,
      target_width: placed.width,
      target_height: placed.height,
      out_width: p.width,
      out_height: p.height,
      grayscale: p.colorMode === 'grayscale' ? 1 : 0,
      minus_one_to_one: p.normalize === 'minusOneToOne' ? 1 : 0,
      ...(target.numeric === 'fixed'
        ? { norm_mantissa: multiplier.mantissa, norm_shift: multiplier.shift }
        : { norm_scale: cFloat(factor) }),
    },
    workBytes: 0,
    inputCount: src.width * src.height * src.channels,
  }
}
