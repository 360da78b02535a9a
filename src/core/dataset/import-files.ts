import type { ImportFile, ImportOptions, NewSample } from '../../shared/api/dataset'
import { toMoteError } from '../../shared/errors'
import { importFailure } from './errors'
import { categoryFromPath, labelFromPath } from './formats/label-from-path'
import { parseSampleFile } from './formats/sample-files'
import { assignCategories } from './split'
import type { Category, SampleMeta } from './sample'

export interface ImportPlan {
  /** Ready to store, with label and category decided. */
  readonly samples: readonly NewSample[]
  readonly files: readonly { readonly name: string; readonly samples: number }[]
  readonly failed: readonly { readonly name: string; readonly message: string }[]
}

/**
 * Parses every file and decides labels and categories. Each file is all or nothing. The label comes from
 * `options.label`, else the file's own label column, else the path (`labelFrom`, default by name); the
 * category from `options.category`, else a `training`/`testing` folder, else the stratified 80/20 rule
 * applied on top of the samples already in the project.
 */
export function planImport(
  files: readonly ImportFile[],
  options: ImportOptions,
  existing: readonly Pick<SampleMeta, 'label' | 'category'>[],
): ImportPlan {
  const parsedFiles: { name: string; samples: number }[] = []
  const failed: { name: string; message: string }[] = []
  const pending: (Omit<NewSample, 'category'> & { category?: Category })[] = []
  for (const file of files) {
    try {
      const parsed = parseSampleFile(
        file.name,
        file.bytes,
        options.rateHz === undefined ? {} : { rateHz: options.rateHz },
      )
      const fromPath = labelFromPath(file.name, options.labelFrom ?? 'name')
      const folderCategory = categoryFromPath(file.name)
      const category = options.category && options.category !== 'auto' ? options.category : folderCategory
      const ready = parsed.map((p) => {
        const label = options.label ?? p.label ?? fromPath
        if (label === undefined)
          throw importFailure(file.name, undefined, 'no label can be read from its name; give one (--label)')
        return { ...p, label: label.slice(0, 128), ...(category ? { category } : {}) }
      })
      pending.push(...ready)
      parsedFiles.push({ name: file.name, samples: ready.length })
    } catch (thrown) {
      failed.push({ name: file.name, message: toMoteError(thrown).message })
    }
  }
  const undecided = pending.filter((p) => p.category === undefined)
  const assigned = assignCategories(
    undecided.map((p) => p.label),
    [
      ...existing,
      ...(pending.filter((p) => p.category !== undefined) as { label: string; category: Category }[]),
    ],
  )
  let next = 0
  const samples: NewSample[] = pending.map((p) => ({ ...p, category: p.category ?? assigned[next++]! }))
  return { samples, files: parsedFiles, failed }
}
