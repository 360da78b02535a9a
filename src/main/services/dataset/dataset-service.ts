import {
  DatasetErrorCode,
  type DatasetChange,
  type DatasetCounts,
  type DatasetService as DatasetApi,
  type ExportFormat,
  type ExportReport,
  type ImportFile,
  type ImportOptions,
  type ImportReport,
  type NewSample,
  type SampleMismatch,
  type SampleOverview,
  type UndoEntry,
} from '../../../shared/api/dataset'
import { MoteFailure } from '../../../shared/errors'
import { Emitter } from '../../../shared/events'
import { datasetCounts } from '../../../core/dataset/counts'
import { cropSample, renameAxes, resampleSample, splitPlan } from '../../../core/dataset/edit'
import { planImport, type FileOutcome } from '../../../core/dataset/import-files'
import type { ImportSource } from '../../../core/dataset/import-source'
import { sampleEnvelope } from '../../../core/dataset/overview'
import type { Category, Sample, SampleMeta } from '../../../core/dataset/sample'
import { assignCategories, rebalancePlan } from '../../../core/dataset/split'
import type { DesignInput } from '../../../core/train/design'
import { designMismatch } from '../../../core/train/design-fit'
import type { ProjectService } from '../project/project-service'
import type { ProjectStore } from '../project/project-store'
import type { FileSystem } from '../system/file-system'
import { exportSamples } from './dataset-export'
import { refuseUnlessWanted, storeImport } from './import-flow'
import { listImportPaths, memorySources } from './import-paths'
import { checkNewSample } from './new-sample'
import { SampleStore, newSampleId } from './sample-store'
import { UndoStack } from './undo-stack'
import { changeMetas, removeSamples, replaceByParts, replaceSamples } from './undoable-edits'

export interface DatasetServiceOptions {
  readonly project: ProjectService
  readonly fs: FileSystem
  readonly now?: () => Date
  readonly newId?: () => string
  /** The stored design's input (null without one), for `mismatches`; the composition root reads design.json. */
  readonly designInput?: () => Promise<DesignInput | null>
}

/**
 * The samples of the open project: list, counts, plots, edits with undo, import and export. Samples live in
 * the project folder through `SampleStore` (atomic writes, values before index). Every change is announced
 * with the whole list, so views never patch state by themselves.
 */
export class DatasetService implements DatasetApi {
  private readonly changed = new Emitter<DatasetChange>()
  readonly onDidChange = this.changed.event
  private open: { project: ProjectStore; samples: SampleStore } | undefined
  private readonly undoStack = new UndoStack()
  private readonly now: () => Date
  private readonly newId: () => string
  /** Changes run one at a time: each reads the index, then writes it (a capture may end mid-relabel). */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: DatasetServiceOptions) {
    this.now = options.now ?? (() => new Date())
    this.newId = options.newId ?? (() => newSampleId())
    options.project.onDidChange(() => void this.reopen())
  }

  async list(): Promise<readonly SampleMeta[]> {
    return (await this.store()).list()
  }

  async counts(): Promise<DatasetCounts> {
    return datasetCounts(await this.list())
  }

  async read(id: string): Promise<Sample> {
    await this.requireIds([id])
    return (await this.store()).read(id)
  }

  async overview(ids: readonly string[], columns: number): Promise<readonly SampleOverview[]> {
    const store = await this.store()
    const known = new Set((await store.list()).map((m) => m.id))
    const out: SampleOverview[] = []
    for (const id of ids.filter((i) => known.has(i)))
      out.push({ id, columns, ...sampleEnvelope(await store.read(id), columns) })
    return out
  }

  async add(samples: readonly NewSample[]): Promise<readonly SampleMeta[]> {
    return this.exclusive(async () => {
      return this.addAll(samples, 'add')
    })
  }

  async relabel(ids: readonly string[], label: string): Promise<void> {
    return this.exclusive(async () => {
      await this.changeMetas('relabel', ids, (m) => ({ ...m, label: label.trim() }))
    })
  }

  async move(ids: readonly string[], category: Category): Promise<void> {
    return this.exclusive(async () => {
      await this.changeMetas('move', ids, (m) => ({ ...m, category }))
    })
  }

  async remove(ids: readonly string[]): Promise<void> {
    return this.exclusive(async () => {
      await this.requireIds(ids)
      await removeSamples(await this.store(), this.undoStack, ids)
      await this.announce([])
    })
  }

  async crop(id: string, startFrame: number, endFrame: number): Promise<SampleMeta> {
    return this.exclusive(async () => {
      const [after] = await this.replaceSamples('crop', [id], (s) => cropSample(s, startFrame, endFrame))
      return after!
    })
  }

  async renameAxes(ids: readonly string[], names: readonly string[]): Promise<void> {
    return this.exclusive(async () => {
      await this.replaceSamples('rename-axes', ids, (s) => renameAxes(s, names))
    })
  }

  async resample(ids: readonly string[], rateHz: number): Promise<void> {
    return this.exclusive(async () => {
      await this.replaceSamples('resample', ids, (s) => resampleSample(s, rateHz))
    })
  }

  async mismatches(ids?: readonly string[]): Promise<readonly SampleMismatch[]> {
    const input = await this.options.designInput?.().catch(() => null)
    if (!input) return []
    const wanted = ids === undefined ? undefined : new Set(ids)
    return (await this.list()).flatMap((meta) => {
      const mismatch = wanted && !wanted.has(meta.id) ? null : designMismatch(input, meta)
      return mismatch ? [{ id: meta.id, mismatch }] : []
    })
  }

  async split(id: string, windowMs: number, strideMs?: number): Promise<readonly SampleMeta[]> {
    return this.exclusive(async () => {
      const original = await this.read(id)
      const cuts = splitPlan(original.meta, windowMs, strideMs)
      const parts = cuts.map((cut, k): Sample => {
        const piece = cropSample(original, cut.startFrame, cut.endFrame)
        const source = `${original.meta.source} (window ${k + 1} of ${cuts.length})`
        return {
          meta: { ...piece.meta, id: this.newId(), source, createdAt: this.now().toISOString() },
          values: piece.values,
        }
      })
      const added = await replaceByParts(await this.store(), this.undoStack, id, parts)
      await this.announce(added.map((m) => m.id))
      return added
    })
  }

  async rebalance(): Promise<number> {
    return this.exclusive(async () => {
      const moves = rebalancePlan(await this.list())
      if (moves.length === 0) return 0
      const target = new Map(moves.map((m) => [m.id, m.category]))
      await this.changeMetas('rebalance', [...target.keys()], (m) => ({ ...m, category: target.get(m.id)! }))
      return moves.length
    })
  }

  async undo(): Promise<UndoEntry> {
    return this.exclusive(async () => {
      const record = this.undoStack.pop()
      if (!record) throw new MoteFailure(DatasetErrorCode.NothingToUndo, 'There is nothing to undo.')
      await record.revert()
      await this.announce([])
      return record.entry
    })
  }

  async lastUndo(): Promise<UndoEntry | null> {
    return this.undoStack.top
  }

  async importFiles(files: readonly ImportFile[], options: ImportOptions): Promise<ImportReport> {
    return this.importSources(memorySources(files), [], options)
  }

  /** For the CLI and Electron: files and folders on this computer (folders are read recursively). */
  async importPaths(paths: readonly string[], options: ImportOptions): Promise<ImportReport> {
    const listed = await listImportPaths(this.options.fs, paths)
    return this.importSources(listed.sources, listed.skipped, options)
  }

  /**
   * Every file is read and checked first (nothing written), then read again into the store one sample at a
   * time (import-flow.ts), all or nothing and undoable as one change.
   */
  private async importSources(
    sources: readonly ImportSource[],
    listedSkipped: readonly FileOutcome[],
    options: ImportOptions,
  ): Promise<ImportReport> {
    return this.exclusive(async () => {
      const plan = await planImport(sources, options, await this.list())
      const skipped = [...listedSkipped, ...plan.skipped]
      refuseUnlessWanted(plan, skipped, options)
      const store = await this.store()
      const stamp = { newId: this.newId, createdAt: this.now().toISOString() }
      const added = await storeImport(store, plan, sources, options, stamp)
      const ids = added.map((m) => m.id)
      await this.undoStack.push('import', added.length, async () => {
        await store.remove(ids)
        await store.purge(ids)
      })
      await this.announce(ids)
      return { added, files: plan.files, failed: plan.failed, skipped }
    })
  }

  async exportTo(dir: string, format: ExportFormat, ids?: readonly string[]): Promise<ExportReport> {
    const store = await this.store()
    const metas =
      ids === undefined
        ? await store.list()
        : (await this.requireIds(ids), (await store.list()).filter((m) => ids.includes(m.id)))
    const files = await exportSamples(this.options.fs, dir, format, metas, (id) => store.read(id), this.now())
    return { dir, files, samples: metas.length }
  }

  /** Saves one recording from the capture service (the same path as `add`, undoable). */
  async addRecorded(sample: NewSample): Promise<SampleMeta> {
    return this.exclusive(async () => {
      const [meta] = await this.addAll([sample], 'add')
      return meta!
    })
  }

  private async addAll(samples: readonly NewSample[], action: 'add'): Promise<SampleMeta[]> {
    const store = await this.store()
    const checked: NewSample[] = []
    for (const sample of samples) checked.push(await checkNewSample(sample))
    const existing = await store.list()
    const categories = assignCategories(
      checked.filter((s) => !s.category).map((s) => s.label),
      [...existing, ...(checked.filter((s) => s.category) as { label: string; category: Category }[])],
    )
    let next = 0
    const createdAt = this.now().toISOString()
    const full: Sample[] = checked.map(({ values, category, truncated, ...rest }) => ({
      meta: {
        ...rest,
        id: this.newId(),
        category: category ?? categories[next++]!,
        createdAt,
        ...(truncated ? { truncated } : {}),
      },
      values,
    }))
    const added = [...(await store.add(full))]
    const ids = added.map((m) => m.id)
    await this.undoStack.push(action, added.length, async () => {
      await store.remove(ids)
      await store.purge(ids)
    })
    await this.announce(ids)
    return added
  }

  /** Edits whole samples (values and meta, same ids), all checked before any is written; one undo. */
  private async replaceSamples(
    action: 'crop' | 'rename-axes' | 'resample',
    ids: readonly string[],
    edit: (sample: Sample) => Sample,
  ): Promise<SampleMeta[]> {
    await this.requireIds(ids)
    const after = await replaceSamples(await this.store(), this.undoStack, action, ids, edit)
    await this.announce([])
    return after
  }

  private async changeMetas(
    action: 'relabel' | 'move' | 'rebalance',
    ids: readonly string[],
    change: (m: SampleMeta) => SampleMeta,
  ): Promise<void> {
    await this.requireIds(ids)
    await changeMetas(await this.store(), this.undoStack, action, ids, change)
    await this.announce([])
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work)
    this.queue = run.catch(() => undefined)
    return run
  }

  private async requireIds(ids: readonly string[]): Promise<void> {
    const known = new Set((await (await this.store()).list()).map((m) => m.id))
    const missing = ids.find((id) => !known.has(id))
    if (missing !== undefined)
      throw new MoteFailure(
        DatasetErrorCode.SampleNotFound,
        `There is no sample ${missing} in this project; it may have been deleted. Reload the dataset.`,
      )
  }

  private async store(): Promise<SampleStore> {
    const project = this.options.project.store()
    if (this.open?.project !== project) {
      await this.undoStack.clear()
      const samples = new SampleStore(project)
      this.open = { project, samples }
      // Values files no index names are left by deletes of an earlier session (no longer undoable) or a crash.
      await samples.purge(await samples.orphans())
    }
    return this.open.samples
  }

  private async reopen(): Promise<void> {
    if (!this.options.project.isOpen) {
      this.open = undefined
      await this.undoStack.clear().catch(() => undefined)
      this.changed.fire({ samples: [], undo: null, added: [] })
      return
    }
    await this.announce([]).catch(() => undefined)
  }

  private async announce(added: readonly string[]): Promise<void> {
    this.changed.fire({ samples: await this.list(), undo: this.undoStack.top, added })
  }
}
