import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { CompressMethod, CompressOptions, CompressStatus, Variant } from '../../shared/api/compress'
import type { JobInfo } from '../../shared/api/jobs'
import type { MoteError } from '../../shared/errors'
import { useApi } from '../api/provide'
import { errorOf } from '../errors'
import { usePipelineStore } from './pipeline'

const EMPTY: CompressStatus = { job: null, model: null, variants: [], chosenId: null }

/**
 * The Compress step as the compress service reports it: every change carries the whole status (variants,
 * chosen id, running job), which replaces ours. The form's method and options live here too, so that
 * leaving the view keeps the last settings (UX.md).
 */
export const useCompressStore = defineStore('compress', () => {
  const api = useApi()
  const pipeline = usePipelineStore()
  const status = shallowRef<CompressStatus>(EMPTY)
  const loaded = ref(false)
  const busy = ref(false)
  /** A compression is being started (the call before its job exists): the view's progress from the click. */
  const starting = ref(false)
  const error = ref<MoteError | null>(null)
  const method = ref<CompressMethod>('ptq')
  const options = ref<CompressOptions>({})
  /** The last compression job seen (started here or running when the view loaded), to follow its end. */
  const lastJobId = ref<string | null>(null)
  let subscribed = false

  const variants = computed(() => status.value.variants)
  const current = computed(() => variants.value.filter((v) => !v.stale))
  const baseline = computed(() => current.value.find((v) => v.method === 'float') ?? null)
  const running = computed(() => status.value.job !== null)
  const hasModel = computed(() => status.value.model !== null)
  /** Variants a cluster (or any) run can start from: fine-tuned ones of the current model. */
  const startPoints = computed(() =>
    current.value.filter((v) => !['float', 'ptq', 'imported'].includes(v.method)),
  )

  function apply(next: CompressStatus): void {
    status.value = next
    if (next.job) lastJobId.value = next.job.id
    const chosen = next.variants.find((v) => v.chosen)
    pipeline.setStatus('compress', chosen ? (chosen.stale ? 'stale' : 'done') : 'none')
    if (next.error) error.value = next.error
  }

  async function load(): Promise<void> {
    if (!subscribed) {
      api.compress.onDidChange(apply)
      subscribed = true
    }
    try {
      apply(await api.compress.status())
    } catch {
      apply(EMPTY)
    }
    loaded.value = true
  }

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

  /** Starts the form's method with the form's options (blank options fall back to the defaults). */
  async function start(): Promise<JobInfo | undefined> {
    starting.value = true
    try {
      return await run(async () => {
        const job = await api.compress.start({ method: method.value, options: cleanOptions(options.value) })
        lastJobId.value = job.id
        apply(await api.compress.status())
        return job
      })
    } finally {
      starting.value = false
    }
  }
  const choose = (id: string) => run(async () => apply(await api.compress.choose(id)))
  const remove = (id: string) => run(async () => apply(await api.compress.remove(id)))
  /** The file the last import added (its message outlives the view's switch from empty to the table). */
  const lastImported = ref<string | null>(null)
  /** Adds a .tflite picked in the browser as an imported variant. */
  const importTflite = (file: File) =>
    run(async () => {
      lastImported.value = null
      const variant = await api.compress.importTflite({
        name: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      })
      lastImported.value = file.name
      apply(await api.compress.status())
      return variant
    })
  /** Writes a variant's .tflite to a whole path on the computer running Mote. */
  const exportTflite = (id: string, path: string) => run(() => api.compress.exportTflite(id, path))

  /** Size ratio of a variant's weights against the float baseline's (e.g. 3.7 for int8). */
  function sizeRatio(v: Variant): number | null {
    const base = baseline.value
    return base && v.metrics.weightsFlashBytes > 0
      ? base.metrics.weightsFlashBytes / v.metrics.weightsFlashBytes
      : null
  }

  return {
    status,
    loaded,
    busy,
    starting,
    error,
    method,
    options,
    lastJobId,
    variants,
    current,
    baseline,
    running,
    hasModel,
    startPoints,
    load,
    start,
    choose,
    remove,
    lastImported,
    importTflite,
    exportTflite,
    sizeRatio,
    apply,
  }
})

/** Drops empty and undefined fields, so that the service applies its defaults. */
export function cleanOptions(options: CompressOptions): CompressOptions {
  return Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as CompressOptions
}
