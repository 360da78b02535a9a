/**
 * A variant on disk, in `models/variants/<id>/`:
 * - `model.tflite` — the graph in TFLite's format, written by our .tflite writer (int8, or float32 for the
 *   baseline); for clustered variants the weights are stored decoded (dense int8), because TFLite has no
 *   Huffman-coded tensors;
 * - `float.json` + `float.bin` — the fine-tuned float graph (graph-io.ts), for methods that changed the
 *   weights, so that another method can start from them (`from`);
 * - `weights.huff` — clustered variants: the Huffman blocks of the clustered tensors, one after another;
 * - `variant.json` — written last: what the variant is, its metrics, and where each coded tensor's block
 *   starts. A folder without it is an unfinished write and is ignored.
 * `models/variants/chosen.json` names the variant chosen for deployment.
 */
import { z } from 'zod'
import type { Evaluation } from '../../../shared/api/train'
import { compressOptionsSchema, variantMethodSchema } from '../../../shared/api/compress'

export const VARIANTS_DIR = 'models/variants'
export const CHOSEN_FILE = `${VARIANTS_DIR}/chosen.json`
export const VARIANT_FILES = {
  record: 'variant.json',
  tflite: 'model.tflite',
  floatJson: 'float.json',
  floatBin: 'float.bin',
  huffman: 'weights.huff',
} as const

const metricsSchema = z.object({
  accuracy: z.number(),
  floatAccuracy: z.number(),
  testWindows: z.number().int(),
  params: z.number().int(),
  weightsFlashBytes: z.number().int(),
  peakActivationBytes: z.number().int(),
  macs: z.number().int(),
  sparsity: z.number(),
})

const codedSchema = z.object({
  tensor: z.number().int().min(0),
  name: z.string(),
  offset: z.number().int().min(0),
  bytes: z.number().int().min(0),
  codebook: z.array(z.number().int().min(-128).max(127)),
})

export const variantRecordSchema = z.object({
  format: z.literal('mote-variant'),
  version: z.literal(1),
  id: z.string().regex(/^(v|float)-[a-z0-9-]{1,64}$/),
  name: z.string(),
  method: variantMethodSchema,
  options: compressOptionsSchema,
  modelId: z.string(),
  createdAt: z.string(),
  dtype: z.enum(['float32', 'int8']),
  metrics: metricsSchema,
  notes: z.array(z.string()),
  hasFloatWeights: z.boolean(),
  huffman: z.array(codedSchema).optional(),
  /** Confusion matrix on the test split, by label order. */
  confusion: z.array(z.array(z.number().int())).optional(),
  labels: z.array(z.string()).optional(),
})
export type VariantRecord = z.infer<typeof variantRecordSchema>

export const chosenSchema = z.object({ id: z.string() })

/** One file of a variant, as the job hands it to the service to write. */
export interface VariantFile {
  readonly name: string
  readonly data: Uint8Array | string
}

/** What a finished compress job returns (structured-cloned to the main thread). */
export interface StoredVariantPayload {
  readonly record: VariantRecord
  readonly files: readonly VariantFile[]
}

export function confusionOf(evaluation: Evaluation): number[][] {
  return evaluation.confusion.map((row) => [...row])
}
