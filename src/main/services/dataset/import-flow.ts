import { DatasetErrorCode, type ImportOptions } from '../../../shared/api/dataset'
import { MoteFailure } from '../../../shared/errors'
import type { FileOutcome, ImportPlan } from '../../../core/dataset/import-files'
import type { ImportSource } from '../../../core/dataset/import-source'
import { importValues } from '../../../core/dataset/import-values'
import type { SampleMeta } from '../../../core/dataset/sample'
import { checkNewSample } from './new-sample'
import type { SampleStore } from './sample-store'

/**
 * Whether a checked plan may be stored, as the options ask: a broken file stops the import unless
 * `skipBroken`; a file that is not sample data only with `strict`; an import that would add nothing while
 * leaving files out says so instead of reporting success; numbered files in label folders labelled by
 * their names by default stop it with a suggestion.
 */
export function refuseUnlessWanted(
  plan: ImportPlan,
  skipped: readonly FileOutcome[],
  options: ImportOptions,
): void {
  if (plan.folderLabelHint !== undefined)
    throw new MoteFailure(DatasetErrorCode.LabelsFromFolders, `${plan.folderLabelHint} Nothing was imported.`)
  const stopping = [...(options.skipBroken ? [] : plan.failed), ...(options.strict ? skipped : [])]
  if (stopping.length > 0) {
    const more = stopping.length > 1 ? ` (and ${stopping.length - 1} more files)` : ''
    throw new MoteFailure(
      DatasetErrorCode.ImportFailed,
      `${stopping[0]!.message}${more} Nothing was imported.`,
      ...listOf(stopping),
    )
  }
  const left = [...plan.failed, ...skipped]
  if (plan.samples.length === 0 && left.length > 0)
    throw new MoteFailure(
      DatasetErrorCode.ImportFailed,
      `None of the ${left.length} files holds samples Mote can import: ${left[0]!.message}`,
      ...listOf(left),
    )
}

/** Every file's message, as the failure's detail when there is more than the one the message names. */
function listOf(files: readonly FileOutcome[]): [] | [string] {
  return files.length > 1 ? [files.map((f) => f.message).join('\n')] : []
}

/**
 * The second reading of a checked plan, into the store: each sample's values file as it is read (memory
 * holds one sample), then one index write for all. If anything fails, the values files written so far are
 * removed, so an import adds everything or nothing.
 */
export async function storeImport(
  store: SampleStore,
  plan: ImportPlan,
  sources: readonly ImportSource[],
  options: ImportOptions,
  stamp: { readonly newId: () => string; readonly createdAt: string },
): Promise<SampleMeta[]> {
  const written: SampleMeta[] = []
  try {
    for await (const { sample, values } of importValues(plan, sources, options)) {
      const { file: _file, index: _index, category, ...fields } = sample
      const { values: checked, ...rest } = await checkNewSample({ ...fields, values })
      const meta: SampleMeta = { ...rest, id: stamp.newId(), category, createdAt: stamp.createdAt }
      await store.writeValues({ meta, values: checked })
      written.push(meta)
    }
    await store.addToIndex(written)
  } catch (error) {
    await store.purge(written.map((m) => m.id)).catch(() => undefined)
    throw error
  }
  return written
}
