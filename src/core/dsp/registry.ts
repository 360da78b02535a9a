import { z } from 'zod'
import type { FeatureBlock } from './blocks/block'
import { imageBlock, imageParamsSchema, type ImageParams } from './blocks/image'
import { kwsMfccBlock, kwsMfccParamsSchema, type KwsMfccParams } from './blocks/kws-mfcc'
import { mfccBlock, mfccParamsSchema, type MfccParams } from './blocks/mfcc'
import { mfeBlock, mfeParamsSchema, type MfeParams } from './blocks/mfe'
import { rawBlock, rawParamsSchema, type RawParams } from './blocks/raw'
import { spectralBlock, spectralParamsSchema, type SpectralParams } from './blocks/spectral'
import { dspFailure } from './errors'
import { windowSpecSchema } from './windowing'

/** Parameter types by block id. */
export interface BlockParamsById {
  raw: RawParams
  spectral: SpectralParams
  mfe: MfeParams
  mfcc: MfccParams
  'kws-mfcc': KwsMfccParams
  image: ImageParams
}
export type BlockId = keyof BlockParamsById

/** id → {schema, defaults, describeOutput, compute}: what the Design view lists and the pipeline runs. */
export const featureBlocks: { readonly [K in BlockId]: FeatureBlock<BlockParamsById[K]> } = {
  raw: rawBlock,
  spectral: spectralBlock,
  mfe: mfeBlock,
  mfcc: mfccBlock,
  'kws-mfcc': kwsMfccBlock,
  image: imageBlock,
}
export const blockIds = Object.keys(featureBlocks) as BlockId[]

/** One block of a design; `params` may omit fields (the schema fills defaults). */
export const blockConfigSchema = z.discriminatedUnion('block', [
  z.object({ block: z.literal('raw'), params: rawParamsSchema.prefault({}) }),
  z.object({ block: z.literal('spectral'), params: spectralParamsSchema.prefault({}) }),
  z.object({ block: z.literal('mfe'), params: mfeParamsSchema.prefault({}) }),
  z.object({ block: z.literal('mfcc'), params: mfccParamsSchema.prefault({}) }),
  z.object({ block: z.literal('kws-mfcc'), params: kwsMfccParamsSchema.prefault({}) }),
  z.object({ block: z.literal('image'), params: imageParamsSchema.prefault({}) }),
])
export type BlockConfig = {
  [K in BlockId]: { readonly block: K; readonly params: BlockParamsById[K] }
}[BlockId]

/**
 * A feature design: how samples are cut into windows (ignored for images: one image is one window) and the
 * blocks applied to each window. One block's output keeps that block's shape; several blocks' outputs are
 * flattened and concatenated in order into `[total]`.
 */
export const featureDesignSchema = z.object({
  window: windowSpecSchema.prefault({}),
  blocks: z.array(blockConfigSchema).min(1).max(8),
})
export type FeatureDesign = z.output<typeof featureDesignSchema>

/** Validates a stored design (filling defaults), or fails with the first problem in a sentence. */
export function parseFeatureDesign(value: unknown): FeatureDesign {
  const result = featureDesignSchema.safeParse(value)
  if (!result.success) {
    const issue = result.error.issues[0]
    const where = issue === undefined ? '' : issue.path.join('.')
    throw dspFailure(
      'InvalidParams',
      `The feature design is invalid at "${where}": ${issue?.message ?? 'unknown problem'}. Fix that setting.`,
      JSON.stringify(result.error.issues),
    )
  }
  return result.data as FeatureDesign
}

/** One block's params from a partial object, defaults filled in; fails like `parseFeatureDesign`. */
export function parseBlockParams<K extends BlockId>(block: K, params: unknown): BlockParamsById[K] {
  const design = parseFeatureDesign({ blocks: [{ block, params }] })
  return design.blocks[0]!.params as BlockParamsById[K]
}

export function isBlockId(id: string): id is BlockId {
  return Object.hasOwn(featureBlocks, id)
}

/** The block definition for an id, failing with a clear message for an unknown one. */
export function featureBlock<K extends BlockId>(id: K): FeatureBlock<BlockParamsById[K]> {
  if (!isBlockId(id))
    throw dspFailure(
      'UnknownBlock',
      `There is no "${String(id)}" processing block. Choose one of: ${blockIds.join(', ')}.`,
    )
  return featureBlocks[id]
}

/**
 * The image size a stored design's image block works at, or undefined when the design has no image block
 * (or is not a valid design): the camera captures at this size so that samples need no resizing.
 */
export function designImageSize(features: unknown): { width: number; height: number } | undefined {
  const parsed = featureDesignSchema.safeParse(features)
  if (!parsed.success) return undefined
  const image = parsed.data.blocks.find((b) => b.block === 'image')
  return image?.block === 'image' ? { width: image.params.width, height: image.params.height } : undefined
}
