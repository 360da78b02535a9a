import { z } from 'zod'
import type { CodedWeights } from '../../../core/compress/cluster/huffman-weights'
import { readTflite } from '../../../core/codegen/tflite/reader'
import type { ModelGraph } from '../../../core/model/graph'
import { parseProjectDesign, type ProjectDesign } from '../../../core/train/design'
import { ExportErrorCode } from '../../../shared/api/export'
import { failureMaker, isMoteFailure } from '../../../shared/errors'
import { VariantStore } from '../compress/variant-store'
import { VARIANT_FILES, VARIANTS_DIR, type VariantRecord } from '../compress/variant-files'
import type { ProjectStore } from '../project/project-store'
import { MODEL_FILES, MODELS_DIR } from '../train/model-store'

const fail = failureMaker(ExportErrorCode)

/** A variant as an export needs it: its graph, its Huffman-coded weights, and its model's design. */
export interface ExportVariant {
  readonly record: VariantRecord
  readonly graph: ModelGraph
  readonly coded: readonly CodedWeights[]
  /** The design the variant's model was trained on (models/<id>/design.json), not today's design. */
  readonly design: ProjectDesign
}

/** The named variant, else the chosen one (17002 when there is neither). */
async function variantRecord(store: ProjectStore, variantId: string | undefined): Promise<VariantRecord> {
  const variants = new VariantStore(store)
  const id = variantId ?? (await variants.chosen())
  if (id === null)
    throw fail(
      'NoVariant',
      'No variant is chosen for deployment: choose one in the Compress view (or `mote compress --use ID`), or name one.',
    )
  return variants.require(id)
}

async function requireBytes(store: ProjectStore, path: string, record: VariantRecord): Promise<Uint8Array> {
  const bytes = await store.readBytes(path)
  if (bytes === undefined)
    throw fail(
      'BadVariant',
      `Variant ${record.id} has lost its file ${path}: compress again to make it anew.`,
    )
  return bytes
}

/** The Huffman blocks the record lists, cut out of weights.huff. */
function codedWeights(record: VariantRecord, blocks: Uint8Array | undefined): CodedWeights[] {
  const entries = record.huffman ?? []
  if (entries.length === 0) return []
  return entries.map((e) => {
    if (blocks === undefined || e.offset + e.bytes > blocks.length)
      throw fail('BadVariant', `Variant ${record.id}'s coded weights are cut short: compress again.`)
    return {
      tensor: e.tensor,
      name: e.name,
      codebook: Int8Array.from(e.codebook),
      block: blocks.slice(e.offset, e.offset + e.bytes),
    }
  })
}

function readGraph(bytes: Uint8Array, record: VariantRecord): ModelGraph {
  try {
    return readTflite(bytes)
  } catch (error) {
    if (!isMoteFailure(error)) throw error
    throw fail(
      'BadVariant',
      `Variant ${record.id}'s model.tflite cannot be read: ${error.message}`,
      error.detail,
    )
  }
}

/** The variant's model alone: enough for a .tflite. */
export type VariantModel = Omit<ExportVariant, 'design'>

/** Loads the variant `variantId` (or the chosen one) of the project in `store`, without its design. */
export async function loadVariantModel(store: ProjectStore, variantId?: string): Promise<VariantModel> {
  const record = await variantRecord(store, variantId)
  const dir = `${VARIANTS_DIR}/${record.id}`
  const graph = readGraph(await requireBytes(store, `${dir}/${VARIANT_FILES.tflite}`, record), record)
  const blocks = record.huffman?.length ? await store.readBytes(`${dir}/${VARIANT_FILES.huffman}`) : undefined
  return { record, graph, coded: codedWeights(record, blocks) }
}

/** The design the variant's model was trained on; an imported .tflite has none (17007). */
async function variantDesign(store: ProjectStore, record: VariantRecord): Promise<ProjectDesign> {
  if (record.method === 'imported')
    throw fail(
      'UnsupportedPipeline',
      `Variant ${record.name} was imported from a .tflite file: Mote cannot tell which features its input takes, so it cannot generate the pipeline around it. Export it as .tflite, or export a variant compressed from the project's trained model.`,
    )
  const designPath = `${MODELS_DIR}/${record.modelId}/${MODEL_FILES.design}`
  const stored = await store.readJson(designPath, z.unknown())
  if (stored === undefined)
    throw fail(
      'BadVariant',
      `The model ${record.modelId} of variant ${record.id} has no ${MODEL_FILES.design}: train again.`,
    )
  return parseProjectDesign(stored)
}

/** Loads the variant `variantId` (or the chosen one) with the design its model was trained on. */
export async function loadExportVariant(store: ProjectStore, variantId?: string): Promise<ExportVariant> {
  const model = await loadVariantModel(store, variantId)
  return { ...model, design: await variantDesign(store, model.record) }
}
