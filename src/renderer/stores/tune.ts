import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { TuneStartOptions, TuneStatus } from '../../shared/api/tune'
import type { MoteError } from '../../shared/errors'
import { useApi } from '../api/provide'
import { errorOf } from '../errors'
import { useDesignStore } from './design'
import { useJobsStore } from './jobs'
import { useProjectStore } from './project'

/**
 * The Design view's tuner: the stored search of the open project (the tune service's report, refreshed at
 * every trial), the running job (from the jobs store, so its progress survives a reload), and adoption of a
 * candidate as the design with undo.
 */
export const useTuneStore = defineStore('tune', () => {
  const api = useApi()
  const jobs = useJobsStore()
  const project = useProjectStore()
  const status = shallowRef<TuneStatus | null>(null)
  const jobId = ref<string | null>(null)
  const error = ref<MoteError | null>(null)
  let subscribed = false

  const job = computed(() => (jobId.value ? (jobs.jobs.get(jobId.value) ?? null) : null))
  const running = computed(() => job.value?.state === 'running')
  const report = computed(() => status.value?.report ?? null)
  const adopted = computed(() => status.value?.adopted ?? null)
  const jobError = computed(() => (job.value?.state === 'failed' ? (job.value.error ?? null) : null))

  function apply(next: TuneStatus): void {
    status.value = next
    if (next.job) jobId.value = next.job.id
  }

  async function load(): Promise<void> {
    if (!subscribed) {
      subscribed = true
      api.tune.onDidChange(apply)
    }
    if (!project.current) {
      status.value = null
      return
    }
    apply(await api.tune.status())
  }

  /** Runs an action, keeping its failure for the panel. */
  async function attempt(action: () => Promise<void>): Promise<void> {
    error.value = null
    try {
      await action()
    } catch (thrown) {
      error.value = errorOf(thrown)
    }
  }

  const start = (options: TuneStartOptions) =>
    attempt(async () => {
      jobId.value = (await api.tune.start(options)).id
    })
  const cancel = () => attempt(() => api.tune.cancel())
  /** Adopting writes design.json through the design service; the design store reloads to show it. */
  const adopt = (candidateId: string) =>
    attempt(async () => {
      apply(await api.tune.adopt(candidateId))
      await useDesignStore().load()
    })
  const undoAdopt = () =>
    attempt(async () => {
      apply(await api.tune.undoAdopt())
      await useDesignStore().load()
    })

  return { status, report, adopted, job, running, error, jobError, load, start, cancel, adopt, undoAdopt }
})
