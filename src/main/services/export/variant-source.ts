import type { ProjectDesign } from '../../../core/train/design'
import { ExportErrorCode } from '../../../shared/api/export'
import { failureMaker } from '../../../shared/errors'
import { readVariantDesign, readVariantModel, type VariantModel } from '../compress/variant-model'
import { VariantStore } from '../compress/variant-store'
import type { VariantRecord } from '../compress/variant-files'
import type { ProjectStore } from '../project/project-store'

const fail = failureMaker(ExportErrorCode)

/** A variant as an export needs it: its graph, its Huffman-coded weights, and its model's design. */
export interface ExportVariant extends VariantModel {
  /** The design the variant's model was trained on (models/<id>/design.json), not today's design. */
  readonly design: ProjectDesign
}

export type { VariantModel } from '../compress/variant-model'

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

const badVariant = (message: string, detail?: string) => fail('BadVariant', message, detail)

/** Loads the variant `variantId` (or the chosen one) of the project in `store`, without its design. */
export async function loadVariantModel(store: ProjectStore, variantId?: string): Promise<VariantModel> {
  return readVariantModel(store, await variantRecord(store, variantId), badVariant)
}

/** The design the variant's model was trained on; an imported .tflite has none (17007). */
async function variantDesign(store: ProjectStore, record: VariantRecord): Promise<ProjectDesign> {
  if (record.method === 'imported')
    throw fail(
      'UnsupportedPipeline',
      `Variant ${record.name} was imported from a .tflite file: Mote cannot tell which features its input takes, so it cannot generate the pipeline around it. Export it as .tflite, or export a variant compressed from the project's trained model.`,
    )
  return readVariantDesign(store, record, badVariant)
}

/** Loads the variant `variantId` (or the chosen one) with the design its model was trained on. */
export async function loadExportVariant(store: ProjectStore, variantId?: string): Promise<ExportVariant> {
  const model = await loadVariantModel(store, variantId)
  return { ...model, design: await variantDesign(store, model.record) }
}
