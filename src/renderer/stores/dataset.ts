import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type {
  Category,
  DatasetChange,
  DesignMismatch,
  ExportFormat,
  ImportFile,
  ImportOptions,
  ImportReport,
  Sample,
  SampleMeta,
  SampleOverview,
  UndoEntry,
} from '../../shared/api/dataset'
import type { MoteError } from '../../shared/errors'
import { datasetCounts } from '../../core/dataset/counts'
import { useApi } from '../api/provide'
import { errorOf } from '../errors'
import {
  NO_FILTER,
  filterSamples,
  nearDuplicateLabel,
  type SampleFilter,
  type SampleSort,
} from '../dataset/sample-filter'
import { usePipelineStore } from './pipeline'

const OVERVIEW_COLUMNS = 120

/**
 * The dataset as the dataset service reports it: every change event carries the whole list, which replaces
 * ours (the service is the source of truth). The view filters and sorts it (by label, split, source, rate,
 * axes, and whether it matches the design); the selection never holds a sample the filter hides. Thumbnails
 * (min/max overviews, image pixels) are fetched lazily for the rows on screen and dropped when a sample
 * changes.
 */
export const useDatasetStore = defineStore('dataset', () => {
  const api = useApi()
  const pipeline = usePipelineStore()
  const samples = shallowRef<readonly SampleMeta[]>([])
  const undoEntry = ref<UndoEntry | null>(null)
  const added = ref<readonly string[]>([])
  const loaded = ref(false)
  const busy = ref(false)
  const error = ref<MoteError | null>(null)
  const filter = ref<SampleFilter>({ ...NO_FILTER })
  const sort = ref<SampleSort | null>(null)
  /** The samples that do not match the stored design, and how, as the dataset service lists them. */
  const mismatches = shallowRef<ReadonlyMap<string, DesignMismatch>>(new Map())
  const mismatched = computed<ReadonlySet<string>>(() => new Set(mismatches.value.keys()))
  const selection = ref<string[]>([])
  const overviews = shallowRef(new Map<string, SampleOverview>())
  const images = shallowRef(new Map<string, Sample>())
  let subscribed = false

  const counts = computed(() => datasetCounts(samples.value))
  const labels = computed(() => counts.value.labels.map((l) => l.label))
  const filtered = computed(() => filterSamples(samples.value, filter.value, sort.value, mismatched.value))
  const filtering = computed(() => Object.entries(filter.value).some(([, v]) => v !== null && v !== false))

  // A sample the filter no longer shows (relabelled, moved, deleted) leaves the selection too.
  watch(filtered, (rows) => {
    const shown = new Set(rows.map((r) => r.id))
    if (selection.value.some((id) => !shown.has(id)))
      selection.value = selection.value.filter((id) => shown.has(id))
  })

  function setFilter(patch: Partial<SampleFilter>): void {
    filter.value = { ...filter.value, ...patch }
  }

  function clearFilters(): void {
    filter.value = { ...NO_FILTER }
  }

  async function refreshMismatches(): Promise<void> {
    const list = await api.dataset.mismatches().catch(() => [])
    mismatches.value = new Map(list.map((m) => [m.id, m.mismatch]))
  }

  function apply(change: DatasetChange): void {
    const before = new Map(samples.value.map((s) => [s.id, s]))
    samples.value = change.samples
    undoEntry.value = change.undo
    if (change.added.length) added.value = change.added
    // A sample whose length changed (crop) needs a new thumbnail; deleted ones are dropped.
    const keep = new Map(
      [...overviews.value].filter(([id]) =>
        change.samples.some((s) => s.id === id && s.length === before.get(id)?.length),
      ),
    )
    overviews.value = keep
    pipeline.setStatus('dataset', change.samples.length ? 'done' : 'none')
    void refreshMismatches()
  }

  async function load(): Promise<void> {
    if (!subscribed) {
      api.dataset.onDidChange(apply)
      subscribed = true
    }
    try {
      const [list, undo] = await Promise.all([api.dataset.list(), api.dataset.lastUndo()])
      apply({ samples: list, undo, added: [] })
    } catch {
      apply({ samples: [], undo: null, added: [] })
    }
    loaded.value = true
  }

  /** Fetches thumbnails for these samples (those not yet fetched), in batches. */
  async function loadThumbnails(metas: readonly SampleMeta[]): Promise<void> {
    const wanted = metas.filter((m) => m.kind !== 'image' && !overviews.value.has(m.id)).map((m) => m.id)
    for (let i = 0; i < wanted.length; i += 50) {
      const batch = await api.dataset.overview(wanted.slice(i, i + 50), OVERVIEW_COLUMNS)
      const next = new Map(overviews.value)
      for (const o of batch) next.set(o.id, o)
      overviews.value = next
    }
    for (const meta of metas.filter((m) => m.kind === 'image' && !images.value.has(m.id))) {
      const sample = await api.dataset.read(meta.id)
      images.value = new Map(images.value).set(meta.id, sample)
    }
  }

  /** Runs one dataset call, keeping its error sentence for the view. */
  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    busy.value = true
    error.value = null
    try {
      return await work()
    } catch (e) {
      error.value = errorOf(e)
      return undefined
    } finally {
      busy.value = false
    }
  }

  const relabel = (ids: readonly string[], label: string) => run(() => api.dataset.relabel(ids, label))
  /** An existing label that `label` matches but for case or spaces: the view asks before relabelling. */
  const similarLabel = (label: string) => nearDuplicateLabel(label, labels.value)
  const renameAxes = (ids: readonly string[], names: readonly string[]) =>
    run(() => api.dataset.renameAxes(ids, names))
  const resample = (ids: readonly string[], rateHz: number) => run(() => api.dataset.resample(ids, rateHz))
  const move = (ids: readonly string[], category: Category) => run(() => api.dataset.move(ids, category))
  const remove = (ids: readonly string[]) => run(() => api.dataset.remove(ids))
  const undo = () => (undoEntry.value ? run(() => api.dataset.undo()) : Promise.resolve(undefined))
  const rebalance = () => run(() => api.dataset.rebalance())
  const crop = (id: string, from: number, to: number) => run(() => api.dataset.crop(id, from, to))
  // An absent stride is left out of the call: over the WebSocket an `undefined` argument becomes null.
  const split = (id: string, windowMs: number, strideMs?: number) =>
    run(() =>
      strideMs === undefined ? api.dataset.split(id, windowMs) : api.dataset.split(id, windowMs, strideMs),
    )
  const read = (id: string) => run(() => api.dataset.read(id))
  const importFiles = (
    files: readonly ImportFile[],
    options: ImportOptions,
  ): Promise<ImportReport | undefined> => run(() => api.dataset.importFiles(files, options))
  const exportTo = (dir: string, format: ExportFormat) => run(() => api.dataset.exportTo(dir, format))

  return {
    samples,
    undoEntry,
    added,
    loaded,
    busy,
    error,
    filter,
    sort,
    mismatches,
    mismatched,
    filtering,
    selection,
    overviews,
    images,
    counts,
    labels,
    filtered,
    load,
    loadThumbnails,
    setFilter,
    clearFilters,
    refreshMismatches,
    relabel,
    similarLabel,
    renameAxes,
    resample,
    move,
    remove,
    undo,
    rebalance,
    crop,
    split,
    read,
    importFiles,
    exportTo,
  }
})
