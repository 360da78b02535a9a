import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { EpochMetrics, TrainStatus } from '../../shared/api/train'
import type { MoteError } from '../../shared/errors'
import { useApi } from '../api/provide'
import { errorOf } from '../errors'
import { useJobsStore } from './jobs'
import { usePipelineStore } from './pipeline'
import { useProjectStore } from './project'

/**
 * The Train step: the running job (from the jobs store, so its progress bar survives a reload), the epochs
 * reported so far (the train service's `onDidEpoch`), and the current model with its test metrics.
 */
export const useTrainStore = defineStore('train', () => {
  const api = useApi()
  const jobs = useJobsStore()
  const project = useProjectStore()
  const pipeline = usePipelineStore()
  const status = shallowRef<TrainStatus | null>(null)
  const history = shallowRef<readonly EpochMetrics[]>([])
  const epochs = ref(0)
  const jobId = ref<string | null>(null)
  const startError = ref<MoteError | null>(null)
  const loaded = ref(false)
  let subscribed = false

  const job = computed(() => (jobId.value ? (jobs.jobs.get(jobId.value) ?? null) : null))
  const running = computed(() => job.value?.state === 'running')
  const model = computed(() => status.value?.model ?? null)
  /** Why the last job failed, as the service said it (a cancelled job is not a failure). */
  const jobError = computed(() => (job.value?.state === 'failed' ? (job.value.error ?? null) : null))
  const cancelled = computed(() => job.value?.state === 'cancelled')

  function apply(next: TrainStatus): void {
    status.value = next
    if (next.job) {
      jobId.value = next.job.id
      if (next.job.kind === 'train') {
        history.value = next.history
        epochs.value = next.epochs
      }
    }
    const m = next.model
    pipeline.setStatus('train', m === null ? 'none' : m.stale ? 'stale' : 'done')
  }

  async function load(): Promise<void> {
    if (!subscribed) {
      subscribed = true
      api.train.onDidEpoch((event) => {
        if (event.jobId !== jobId.value) {
          jobId.value = event.jobId
          history.value = []
        }
        epochs.value = event.epochs
        history.value = [...history.value, event.metrics]
      })
      api.train.onDidChange(apply)
    }
    if (!project.current) {
      status.value = null
      loaded.value = true
      return
    }
    apply(await api.train.status())
    loaded.value = true
  }

  async function start(options: { epochs?: number } = {}): Promise<void> {
    startError.value = null
    try {
      const info = await api.train.start(options)
      jobId.value = info.id
      history.value = []
      epochs.value = options.epochs ?? 0
    } catch (error) {
      startError.value = errorOf(error)
    }
  }

  async function evaluate(): Promise<void> {
    startError.value = null
    try {
      jobId.value = (await api.train.evaluate()).id
    } catch (error) {
      startError.value = errorOf(error)
    }
  }

  async function cancel(): Promise<void> {
    if (jobId.value) await jobs.cancel(jobId.value)
  }

  /** The model's staleness follows the design: recheck after the design is saved. */
  async function refresh(): Promise<void> {
    if (project.current) apply(await api.train.status())
  }

  watch(
    () => project.current?.dir,
    () => {
      history.value = []
      jobId.value = null
      void load()
    },
  )

  return {
    status,
    history,
    epochs,
    job,
    jobId,
    running,
    model,
    jobError,
    cancelled,
    startError,
    loaded,
    load,
    start,
    evaluate,
    cancel,
    refresh,
  }
})
