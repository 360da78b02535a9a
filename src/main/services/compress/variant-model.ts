import { z } from 'zod'
import { readTflite } from '../../../core/codegen/tflite/reader'
import type { CodedWeights } from '../../../core/compress/cluster/huffman-weights'
import type { ModelGraph } from '../../../core/model/graph'
import { parseProjectDesign, type ProjectDesign } from '../../../core/train/design'
import { isMoteFailure } from '../../../shared/errors'
import type { ProjectStore } from '../project/project-store'
import { MODEL_FILES, MODELS_DIR } from '../train/model-store'
import { VARIANT_FILES, VARIANTS_DIR, type VariantRecord } from './variant-files'

/**
 * A stored variant's model as code generation needs it — its graph (model.tflite), its Huffman-coded weights
 * (weights.huff) and the design its model was trained on — read for the exports and for a deployment. Each
 * caller says how a broken variant fails (its own service's error code), the sentences are the same.
 */

/** The project files this needs: a ProjectStore, or an adapter over a project folder. */
export type VariantReader = Pick<ProjectStore, 'readBytes' | 'readJson'>

/** How a broken variant fails, as a caller's MoteFailure. */
export type VariantFailure = (message: string, detail?: string) => Error

export interface VariantModel {
  readonly record: VariantRecord
  readonly graph: ModelGraph
  readonly coded: readonly CodedWeights[]
}

async function requireBytes(
  reader: VariantReader,
  path: string,
  record: VariantRecord,
  fail: VariantFailure,
): Promise<Uint8Array> {
  const bytes = await reader.readBytes(path)
  if (bytes === undefined)
    throw fail(`Variant ${record.id} has lost its file ${path}: compress again to make it anew.`)
  return bytes
}

/** The Huffman blocks the record lists, cut out of weights.huff. */
function codedWeights(
  record: VariantRecord,
  blocks: Uint8Array | undefined,
  fail: VariantFailure,
): CodedWeights[] {
  return (record.huffman ?? []).map((e) => {
    if (blocks === undefined || e.offset + e.bytes > blocks.length)
      throw fail(`Variant ${record.id}'s coded weights are cut short: compress again.`)
    return {
      tensor: e.tensor,
      name: e.name,
      codebook: Int8Array.from(e.codebook),
      block: blocks.slice(e.offset, e.offset + e.bytes),
    }
  })
}

function readGraph(bytes: Uint8Array, record: VariantRecord, fail: VariantFailure): ModelGraph {
  try {
    return readTflite(bytes)
  } catch (error) {
    if (!isMoteFailure(error)) throw error
    throw fail(`Variant ${record.id}'s model.tflite cannot be read: ${error.message}`, error.detail)
  }
}

/** The variant's graph and coded weights. */
export async function readVariantModel(
  reader: VariantReader,
  record: VariantRecord,
  fail: VariantFailure,
): Promise<VariantModel> {
  const dir = `${VARIANTS_DIR}/${record.id}`
  const graph = readGraph(
    await requireBytes(reader, `${dir}/${VARIANT_FILES.tflite}`, record, fail),
    record,
    fail,
  )
  const blocks = record.huffman?.length
    ? await reader.readBytes(`${dir}/${VARIANT_FILES.huffman}`)
    : undefined
  return { record, graph, coded: codedWeights(record, blocks, fail) }
}

/** The design the variant's model was trained on (models/<id>/design.json), not today's design. */
export async function readVariantDesign(
  reader: VariantReader,
  record: VariantRecord,
  fail: VariantFailure,
): Promise<ProjectDesign> {
  const stored = await reader.readJson(`${MODELS_DIR}/${record.modelId}/${MODEL_FILES.design}`, z.unknown())
  if (stored === undefined)
    throw fail(
      `The model ${record.modelId} of variant ${record.id} has no ${MODEL_FILES.design}: train again.`,
    )
  return parseProjectDesign(stored)
}
