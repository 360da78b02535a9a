import type { ImportOptions, NewSample } from '../../shared/api/dataset'
import { DatasetErrorCode } from '../../shared/api/dataset'
import { toMoteError } from '../../shared/errors'
import { importFailure } from './errors'
import { categoryFromPath, labelFromPath } from './formats/label-from-path'
import type { SampleBody } from './formats/parsed-sample'
import { parseOptionsOf, withRate } from './formats/sample-readers'
import { checkTableClasses } from './formats/table'
import { folderLabelHint } from './label-folders'
import { sampleStream, type ImportSource } from './import-source'
import { checkImportOptions, checkLabel, checkStorable, sourceOf } from './sample-limits'
import { assignCategories } from './split'
import type { Category, SampleMeta } from './sample'

/** A sample ready to store but for its values, with label and category decided. */
export interface PlannedSample extends Omit<NewSample, 'values' | 'category'> {
  readonly category: Category
  /** The source it comes from (index into the sources) and its place among that file's samples. */
  readonly file: number
  readonly index: number
}

export interface FileOutcome {
  readonly name: string
  readonly message: string
}

export interface ImportPlan {
  readonly samples: readonly PlannedSample[]
  /** Values kept from the first reading (within the memory budget), by position in `samples`. */
  readonly kept: readonly (Float32Array | undefined)[]
  readonly files: readonly { readonly name: string; readonly samples: number }[]
  /** Files that are sample data but damaged, or beyond the limits of a sample. */
  readonly failed: readonly FileOutcome[]
  /** Files that are not sample data at all (a README, a table of file names). */
  readonly skipped: readonly FileOutcome[]
  /** Set when labels were taken from numbered file names in label folders by default (label-folders.ts). */
  readonly folderLabelHint?: string
}

/** Values kept in memory between the two readings of an import; larger imports read their files twice. */
export const KEEP_VALUES_BYTES = 64 * 1024 * 1024

type Pending = Omit<PlannedSample, 'category'> & { category?: Category }

/**
 * The first reading of an import: every file is read and checked, nothing is written. Each file is all or
 * nothing. The label comes from `options.label`, else the file's own label column, else the path
 * (`labelFrom`, default by name); the category from `options.category`, else a `training`/`testing` folder,
 * else the stratified 80/20 rule applied on top of the samples already in the project. Values are kept up
 * to `keepBytes` in all; `importValues` reads the rest again.
 */
export async function planImport(
  sources: readonly ImportSource[],
  options: ImportOptions,
  existing: readonly Pick<SampleMeta, 'label' | 'category'>[],
  keepBytes = KEEP_VALUES_BYTES,
): Promise<ImportPlan> {
  const checked = checkImportOptions(options)
  const files: { name: string; samples: number }[] = []
  const failed: FileOutcome[] = []
  const skipped: FileOutcome[] = []
  const pending: Pending[] = []
  const kept: (Float32Array | undefined)[] = []
  const budget = { left: keepBytes }
  const namedByName: string[] = []
  for (const [file, source] of sources.entries()) {
    try {
      const read = await planFile(source, file, checked, budget)
      pending.push(...read.samples)
      kept.push(...read.kept)
      files.push({ name: source.name, samples: read.samples.length })
      if (read.labelFromName) namedByName.push(source.name)
    } catch (thrown) {
      const error = toMoteError(thrown)
      const outcome = { name: source.name, message: error.message }
      if (error.code === DatasetErrorCode.UnsupportedFile) skipped.push(outcome)
      else failed.push(outcome)
    }
  }
  const hint =
    checked.labelFrom === undefined && checked.label === undefined ? folderLabelHint(namedByName) : undefined
  if (checked.labelColumn !== undefined && pending.length > 0)
    checkTableClasses(
      checked.labelColumn,
      pending.map((p) => p.label),
      existing.map((m) => m.label),
    )
  const samples = decideCategories(pending, existing)
  return { samples, kept, files, failed, skipped, ...(hint ? { folderLabelHint: hint } : {}) }
}

async function planFile(
  source: ImportSource,
  file: number,
  options: ImportOptions,
  budget: { left: number },
): Promise<{ samples: Pending[]; kept: (Float32Array | undefined)[]; labelFromName: boolean }> {
  const name = source.name
  const stream = sampleStream(source, parseOptionsOf(options))
  const bodies: Omit<SampleBody, 'values'>[] = []
  const kept: (Float32Array | undefined)[] = []
  let next = await stream.next()
  for (; !next.done; next = await stream.next()) {
    const { values, ...body } = next.value
    const keep = values.byteLength <= budget.left
    if (keep) budget.left -= values.byteLength
    kept.push(keep ? values : undefined)
    bodies.push(body)
  }
  const facts = next.value
  const pathLabel = labelFromPathChecked(name, options)
  const folderCategory =
    options.category && options.category !== 'auto' ? options.category : categoryFromPath(name)
  const checkOnce = storableOnce(name)
  const samples = bodies.map((body, index): Pending => {
    const parsed = withRate(name, body, facts)
    const label = options.label ?? parsed.label ?? pathLabel()
    const sample = {
      ...parsed,
      label,
      source: sourceOf(name),
      ...(folderCategory ? { category: folderCategory } : {}),
    }
    checkOnce(index, sample)
    return { ...sample, file, index }
  })
  return { samples, kept, labelFromName: pathLabel.used && (options.labelFrom ?? 'name') === 'name' }
}

/**
 * `checkStorable` for the samples of one file, each distinct shape once: the rows of a table (100 000 of
 * them) share everything but their label and values, and a schema check per row cost seconds.
 */
function storableOnce(name: string): (index: number, sample: Omit<NewSample, 'values'>) => void {
  const checked = new Map<readonly unknown[], Set<string>>()
  return (index, sample) => {
    const { kind, label, category, rateHz, length, image, source, truncated } = sample
    const size = image ? `${image.width}x${image.height}` : ''
    const key = [kind, label, category, rateHz, length, size, source, truncated].join('\0')
    const keys = checked.get(sample.axes) ?? new Set<string>()
    if (keys.has(key)) return
    checkStorable(name, index, sample)
    keys.add(key)
    checked.set(sample.axes, keys)
  }
}

/** The label the path gives, checked once and only when a sample needs it (`used` says whether one did). */
function labelFromPathChecked(name: string, options: ImportOptions): (() => string) & { used: boolean } {
  let label: string | undefined
  const get = () => {
    get.used = true
    if (label !== undefined) return label
    const from = options.labelFrom ?? 'name'
    const raw = labelFromPath(name, from)
    if (raw === undefined)
      throw importFailure(name, undefined, `no label can be read from its ${from}; give one (--label)`)
    label = checkLabel(name, undefined, raw, `the label from its ${from}`, '; give one with --label')
    return label
  }
  get.used = false
  return get
}

function decideCategories(
  pending: readonly Pending[],
  existing: readonly Pick<SampleMeta, 'label' | 'category'>[],
): PlannedSample[] {
  const decided = pending.filter((p): p is PlannedSample => p.category !== undefined)
  const assigned = assignCategories(
    pending.filter((p) => p.category === undefined).map((p) => p.label),
    [...existing, ...decided],
  )
  let next = 0
  return pending.map((p) => ({ ...p, category: p.category ?? assigned[next++]! }))
}
