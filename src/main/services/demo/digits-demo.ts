import { join } from 'node:path'
import { digitsCsv, generateDigitsTable } from '../../../core/demo/digits'
import { planImport } from '../../../core/dataset/import-files'
import type { SampleMeta } from '../../../core/dataset/sample'
import type { ImportOptions } from '../../../shared/api/dataset'
import { buildPreset } from '../../../core/model'
import { featureShapeOf, type ProjectDesign } from '../../../core/train/design'
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
 * Digits: the suggestion for rows of features (the whole one-frame sample as the window, the raw block)
 * with a wider dense MLP (64 and 32 hidden units), up to 80 epochs at 0.002 with patience 15: 93.6 % on
 * the test rows with `mote train`, against 89.4 % for the suggested [20, 10] model. The raw block does not standardise:
 * the pixels share one 0…16 scale already, and standardising lifts the rare ink of nearly blank border
 * pixels to large values (90.6 % with it, same model; docs/dataset.md).
 */
export function digitsDesign(samples: readonly SampleMeta[]): ProjectDesign {
  const base = suggestDesign(samples, 'dense-mlp')
  const model = buildPreset('dense-mlp', featureShapeOf(base), base.labels.length, { hidden: [64, 32] })
  const training = trainSettingsSchema.parse({
    epochs: 80,
    learningRate: 0.002,
    earlyStopping: { enabled: true, patience: 15 },
  })
  return { ...base, model, training }
}
