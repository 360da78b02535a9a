import { join } from 'node:path'
import { digitsCsv, generateDigitsTable } from '../../../core/demo/digits'
import { planImport } from '../../../core/dataset/import-files'
import type { SampleMeta } from '../../../core/dataset/sample'
import type { ImportOptions } from '../../../shared/api/dataset'
import { parseFeatureDesign } from '../../../core/dsp'
import type { ProjectDesign } from '../../../core/train/design'
import { trainSettingsSchema } from '../../../core/train/settings'
import { suggestDesign } from '../../../core/train/suggest'
import { refuseUnlessWanted, storeImport } from '../dataset/import-flow'
import { listImportPaths } from '../dataset/import-paths'
import { SampleStore, newSampleId } from '../dataset/sample-store'
import type { ProjectStore } from '../project/project-store'
import type { FileSystem } from '../system/file-system'

/** Where the digits demo keeps its table inside the project, as a user would keep a table they import. */
export const DIGITS_CSV = 'import/digits.csv'
const IMPORT_OPTIONS: ImportOptions = { labelColumn: 'label' }

/**
 * The digits demo's data: the synthetic table (src/core/demo/digits.ts) written as `import/digits.csv` in
 * the new project and imported with the label column `label` through the same importer as `mote import
 * --label-column label` (one sample per row, the stratified 80/20 split per class), so the demo shows the
 * path a user's own table takes. Returns the samples stored.
 */
export async function importDigitsTable(
  store: ProjectStore,
  fs: FileSystem,
  createdAt: string,
): Promise<SampleMeta[]> {
  await store.writeBytes(DIGITS_CSV, digitsCsv(generateDigitsTable()))
  await store.flush()
  const listed = await listImportPaths(fs, [join(store.dir, DIGITS_CSV)])
  const plan = await planImport(listed.sources, IMPORT_OPTIONS, [])
  refuseUnlessWanted(plan, listed.skipped, IMPORT_OPTIONS)
  const samples = new SampleStore(store)
  const stored = await storeImport(samples, plan, listed.sources, IMPORT_OPTIONS, {
    newId: () => newSampleId(),
    createdAt,
  })
  return stored
}

/**
 * Digits: the suggestion for rows of features (the whole one-frame sample as the window, the raw block, a
 * dense MLP) with the raw block standardising each pixel (mean and std of the training split, computed when
 * training starts), trained for up to 60 epochs.
 */
export function digitsDesign(samples: readonly SampleMeta[]): ProjectDesign {
  const base = suggestDesign(samples, 'dense-mlp')
  const features = parseFeatureDesign({
    ...base.features,
    blocks: [{ block: 'raw', params: { standardize: true } }],
  })
  return { ...base, features, training: trainSettingsSchema.parse({ epochs: 60 }) }
}
