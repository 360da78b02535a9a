import type { BlockParamsById, BlockConfig, BlockId, FeatureDesign } from './registry'
import { featureBlock } from './registry'
import { dspFailure } from './errors'
import { shapeSize, type BlockInput, type FeatureShape, type InputShape, type SampleMeta } from './types'
import { extractWindow, windowCount, windowLayout } from './windowing'

/**
 * The one entry point the training pipeline and the Design view share: features of window `windowIndex`
 * of a sample under a design. Time series are cut by `design.window` (windowing.ts); an image is a single
 * window (index 0).
 */

interface Config<K extends BlockId> {
  readonly block: K
  readonly params: BlockParamsById[K]
}

function describeBlock<K extends BlockId>(config: Config<K>, input: InputShape): FeatureShape {
  return featureBlock(config.block).describeOutput(config.params, input)
}

function computeBlock<K extends BlockId>(config: Config<K>, input: BlockInput): Float32Array {
  return featureBlock(config.block).compute(config.params, input)
}

/** The input shape of one window of a sample with this metadata. */
export function windowInputShape(meta: SampleMeta, design: FeatureDesign): InputShape {
  if (meta.kind === 'image')
    return { kind: 'image', width: meta.width, height: meta.height, channels: meta.channels }
  const { windowFrames } = windowLayout(design.window, meta.rateHz)
  return { kind: 'series', frames: windowFrames, axes: meta.axes, rateHz: meta.rateHz }
}

/** Each block's output shape and the design's (one block: its shape; several: `[total]`). */
export function describeFeatures(
  meta: SampleMeta,
  design: FeatureDesign,
): { shape: FeatureShape; blockShapes: FeatureShape[] } {
  const input = windowInputShape(meta, design)
  const blockShapes = design.blocks.map((config: BlockConfig) => describeBlock(config, input))
  const shape =
    blockShapes.length === 1 ? blockShapes[0]! : [blockShapes.reduce((n, s) => n + shapeSize(s), 0)]
  return { shape, blockShapes }
}

/** How many windows a sample gives under the design (1 for an image). */
export function sampleWindowCount(valueCount: number, meta: SampleMeta, design: FeatureDesign): number {
  if (meta.kind === 'image') return 1
  return windowCount(
    Math.floor(valueCount / meta.axes),
    windowLayout(design.window, meta.rateHz),
    design.window.zeroPad,
  )
}

function windowInput(
  values: ArrayLike<number>,
  meta: SampleMeta,
  design: FeatureDesign,
  windowIndex: number,
): BlockInput {
  const count = sampleWindowCount(values.length, meta, design)
  if (!Number.isInteger(windowIndex) || windowIndex < 0 || windowIndex >= count) {
    throw dspFailure(
      'WindowOutOfRange',
      count === 0
        ? `The ${design.window.lengthMs} ms window is longer than this sample. Shorten the window or turn on zero-padding.`
        : `Window ${windowIndex} does not exist: this sample has ${count} window(s) under the current design.`,
    )
  }
  if (meta.kind === 'image')
    return { kind: 'image', pixels: values, width: meta.width, height: meta.height, channels: meta.channels }
  const layout = windowLayout(design.window, meta.rateHz)
  const window = extractWindow(values, meta.axes, windowIndex * layout.strideFrames, layout.windowFrames)
  return { kind: 'series', values: window, frames: layout.windowFrames, axes: meta.axes, rateHz: meta.rateHz }
}

/**
 * Features of one window: a new `Float32Array` of `shapeSize(describeFeatures(meta, design).shape)` values,
 * the blocks' outputs concatenated in design order.
 */
export function computeFeatures(
  sampleValues: ArrayLike<number>,
  sampleMeta: SampleMeta,
  design: FeatureDesign,
  windowIndex = 0,
): Float32Array {
  const input = windowInput(sampleValues, sampleMeta, design, windowIndex)
  const parts = design.blocks.map((config: BlockConfig) => computeBlock(config, input))
  if (parts.length === 1) return parts[0]!
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/** Features of every window of a sample, in window order. */
export function computeSampleFeatures(
  sampleValues: ArrayLike<number>,
  sampleMeta: SampleMeta,
  design: FeatureDesign,
): Float32Array[] {
  const count = sampleWindowCount(sampleValues.length, sampleMeta, design)
  return Array.from({ length: count }, (_, i) => computeFeatures(sampleValues, sampleMeta, design, i))
}
