import { DspErrorCode } from '../../../src/shared/api/design'
import { describe, expect, it } from 'vitest'
import { rawBlock, rawParamsSchema } from '../../../src/core/dsp/blocks/raw'
import {
  computeFeatures,
  computeSampleFeatures,
  describeFeatures,
  sampleWindowCount,
} from '../../../src/core/dsp/features'
import {
  blockIds,
  featureBlock,
  featureBlocks,
  parseBlockParams,
  parseFeatureDesign,
  designImageSize,
} from '../../../src/core/dsp/registry'
import { shapeSize, type BlockInput, type InputShape } from '../../../src/core/dsp/types'
import { lcgNoise } from './reference'

/** A representative input per block and the output shape worked out by hand from docs/dsp.md. */
const cases: Record<string, { input: BlockInput; shape: number[] }> = {
  // 2 s of 3-axis motion at 62.5 Hz: 125 frames × 3 axes
  raw: {
    input: { kind: 'series', values: lcgNoise(375, 1), frames: 125, axes: 3, rateHz: 62.5 },
    shape: [125, 3],
  },
  // per axis 3 stats + 3 peaks × 2 + 5 bands (6 default edges) = 14; × 3 axes
  spectral: {
    input: { kind: 'series', values: lcgNoise(375, 2), frames: 125, axes: 3, rateHz: 62.5 },
    shape: [42],
  },
  // 1 s at 16 kHz, 320-sample frames every 160: ⌊(16000 − 320)/160⌋ + 1 = 99 frames
  mfe: {
    input: { kind: 'series', values: lcgNoise(16000, 3), frames: 16000, axes: 1, rateHz: 16000 },
    shape: [99, 40],
  },
  mfcc: {
    input: { kind: 'series', values: lcgNoise(16000, 4), frames: 16000, axes: 1, rateHz: 16000 },
    shape: [99, 13],
  },
  // MLPerf KWS: 480-sample frames every 320 of a 16 000-sample clip: ⌊(16000 − 480)/320⌋ + 1 = 49 frames
  'kws-mfcc': {
    input: { kind: 'series', values: lcgNoise(16000, 5), frames: 16000, axes: 1, rateHz: 16000 },
    shape: [49, 10],
  },
  image: {
    input: {
      kind: 'image',
      pixels: new Uint8Array(160 * 120 * 3).map((_, i) => i % 251),
      width: 160,
      height: 120,
      channels: 3,
    },
    shape: [96, 96, 3],
  },
}

function shapeOf(input: BlockInput): InputShape {
  if (input.kind === 'image')
    return { kind: 'image', width: input.width, height: input.height, channels: input.channels }
  return { kind: 'series', frames: input.frames, axes: input.axes, rateHz: input.rateHz }
}

describe('block registry', () => {
  it('lists every block with defaults equal to its schema applied to {}', () => {
    expect(blockIds).toEqual(['raw', 'spectral', 'mfe', 'mfcc', 'kws-mfcc', 'image'])
    for (const id of blockIds) expect(featureBlocks[id].schema.parse({})).toEqual(featureBlocks[id].defaults)
  })

  for (const id of ['raw', 'spectral', 'mfe', 'mfcc', 'kws-mfcc', 'image'] as const) {
    it(`describes the ${id} block's default output shape and computes exactly that many finite values`, () => {
      const { input, shape } = cases[id]!
      const block = featureBlock(id)
      expect(block.describeOutput(block.defaults as never, shapeOf(input))).toEqual(shape)
      const out = block.compute(block.defaults as never, input)
      expect(out.length).toBe(shapeSize(shape))
      expect(out.every(Number.isFinite)).toBe(true)
    })
  }

  it('fails with a clear message for an unknown block id', () => {
    expect(() => featureBlock('wavelet' as never)).toThrow(
      expect.objectContaining({ code: DspErrorCode.UnknownBlock }),
    )
  })

  it('fills missing params with defaults and rejects bad ones with the field path', () => {
    expect(parseBlockParams('mfcc', { numCoefficients: 20 }).numFilters).toBe(32)
    expect(() => parseBlockParams('image', { width: 0 })).toThrow(
      expect.objectContaining({
        code: DspErrorCode.InvalidParams,
        message: expect.stringMatching(/blocks\.0\.params\.width/),
      }),
    )
  })
})

describe('raw block', () => {
  it('computes (x − offset[a]) · axisScale[a] · scale per axis', () => {
    const p = rawParamsSchema.parse({ scale: 2, offsets: [1, 0], axisScales: [1, 0.5] })
    const out = rawBlock.compute(p, {
      kind: 'series',
      values: Float32Array.from([1, 4, 3, 8]),
      frames: 2,
      axes: 2,
      rateHz: 1,
    })
    expect(Array.from(out)).toEqual([0, 4, 4, 8])
  })

  it('refuses per-axis lists whose length is not the axis count', () => {
    const p = rawParamsSchema.parse({ offsets: [1, 2] })
    expect(() => rawBlock.describeOutput(p, { kind: 'series', frames: 4, axes: 3, rateHz: 1 })).toThrow(
      expect.objectContaining({ code: DspErrorCode.IncompatibleParams }),
    )
  })
})

describe('computeFeatures', () => {
  // 5 frames × 2 axes at 1 kHz, values = index; 2 ms windows every 2 ms with zero-padding → 3 windows
  const values = Float32Array.from({ length: 10 }, (_, i) => i)
  const meta = { axes: 2, rateHz: 1000 }
  const design = parseFeatureDesign({
    window: { lengthMs: 2, strideMs: 2, zeroPad: true },
    blocks: [{ block: 'raw' }],
  })

  it('cuts the requested window and runs the design on it', () => {
    expect(sampleWindowCount(values.length, meta, design)).toBe(3)
    expect(Array.from(computeFeatures(values, meta, design, 1))).toEqual([4, 5, 6, 7])
    expect(Array.from(computeFeatures(values, meta, design, 2))).toEqual([8, 9, 0, 0])
    expect(computeSampleFeatures(values, meta, design).map((w) => Array.from(w))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 0, 0],
    ])
    expect(describeFeatures(meta, design).shape).toEqual([2, 2])
  })

  it('concatenates several blocks in design order into one flat vector', () => {
    const two = parseFeatureDesign({
      window: { lengthMs: 2000, strideMs: 1000 },
      blocks: [{ block: 'raw', params: { scale: 10 } }, { block: 'spectral' }],
    })
    const motion = lcgNoise(3 * 250, 5) // 250 frames of 3 axes at 62.5 Hz = 4 s → 3 windows
    const m = { axes: 3, rateHz: 62.5 }
    const described = describeFeatures(m, two)
    expect(described.blockShapes).toEqual([[125, 3], [42]])
    expect(described.shape).toEqual([125 * 3 + 42])
    const out = computeFeatures(motion, m, two, 1)
    expect(out.length).toBe(417)
    expect(out[0]).toBeCloseTo(10 * motion[63 * 3]!, 5) // window 1 starts at frame 63: 1000 ms = 62.5 frames, rounded half up
    expect(Array.from(out.slice(375))).toEqual(
      Array.from(
        featureBlock('spectral').compute(two.blocks[1]!.params as never, {
          kind: 'series',
          values: motion.slice(63 * 3, 188 * 3),
          frames: 125,
          axes: 3,
          rateHz: 62.5,
        }),
      ),
    )
  })

  it('treats an image as a single window', () => {
    const img = parseFeatureDesign({
      blocks: [{ block: 'image', params: { width: 2, height: 2, colorMode: 'grayscale' } }],
    })
    const imageMeta = { kind: 'image', width: 2, height: 2, channels: 3 } as const
    const pixels = Uint8Array.from([255, 255, 255, 0, 0, 0, 0, 0, 0, 255, 255, 255])
    expect(sampleWindowCount(pixels.length, imageMeta, img)).toBe(1)
    const out = computeFeatures(pixels, imageMeta, img)
    expect(Array.from(out).map((v) => Math.round(v * 1000) / 1000)).toEqual([1, 0, 0, 1])
    expect(describeFeatures(imageMeta, img).shape).toEqual([2, 2, 1])
  })

  it('refuses a window index that does not exist and a window longer than the sample', () => {
    expect(() => computeFeatures(values, meta, design, 3)).toThrow(
      expect.objectContaining({ code: DspErrorCode.WindowOutOfRange }),
    )
    const long = parseFeatureDesign({ window: { lengthMs: 100, strideMs: 10 }, blocks: [{ block: 'raw' }] })
    expect(() => computeFeatures(values, meta, long)).toThrow(
      expect.objectContaining({
        code: DspErrorCode.WindowOutOfRange,
        message: expect.stringMatching(/zero-padding/),
      }),
    )
  })
})

describe('designImageSize', () => {
  it('gives the image block’s size, and nothing for designs without one or invalid ones', () => {
    expect(designImageSize({ blocks: [{ block: 'image', params: { width: 48, height: 32 } }] })).toEqual({
      width: 48,
      height: 32,
    })
    expect(designImageSize({ blocks: [{ block: 'image' }] })).toEqual({ width: 96, height: 96 })
    expect(designImageSize({ blocks: [{ block: 'mfcc' }] })).toBeUndefined()
    expect(designImageSize({ blocks: [] })).toBeUndefined()
    expect(designImageSize(undefined)).toBeUndefined()
  })
})
