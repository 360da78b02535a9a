import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import {
  applyDeployChange,
  type DeployRequest,
  type DeployStatus,
  type LiveRequest,
  type LiveUpdate,
} from '../../shared/api/device-test'
import { useApi } from '../api/provide'
import { usePipelineStore } from './pipeline'

const EMPTY: DeployStatus = { job: null, stage: null, report: null, error: null, log: '' }

/**
 * The Deploy step as the deploy service reports it: `status()` gives the whole status, and every change
 * the whole of it but the log, which comes as the text added (applyDeployChange).
 */
export const useDeployStore = defineStore('deploy', () => {
  const api = useApi()
  const pipeline = usePipelineStore()
  const status = shallowRef<DeployStatus>(EMPTY)
  const error = ref<string | null>(null)
  const windows = ref(100)
  const live = shallowRef<LiveUpdate>({ running: false, labels: [] })
  let subscribed = false

  const running = computed(() => status.value.job !== null)
  const report = computed(() => status.value.report)

  function apply(next: DeployStatus): void {
    status.value = next
    if (next.error) error.value = next.error.message
    if (next.report?.test) pipeline.setStatus('deploy', 'done')
  }

  async function load(): Promise<void> {
    if (!subscribed) {
      api.deploy.onDidChange((change) => apply(applyDeployChange(status.value, change)))
      api.deploy.onDidLive((update) => {
        // A stop keeps the last scores on screen; an error says why it stopped.
        live.value = { ...update, result: update.result ?? live.value.result }
        if (update.error) error.value = update.error.message
      })
      subscribed = true
    }
    apply(await api.deploy.status().catch(() => EMPTY))
  }

  async function start(request: DeployRequest): Promise<void> {
    error.value = null
    try {
      await api.deploy.start(request)
      apply(await api.deploy.status())
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  async function startLive(request: LiveRequest): Promise<void> {
    error.value = null
    try {
      await api.deploy.startLive(request)
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  async function stopLive(): Promise<void> {
    await api.deploy.stopLive().catch((e: Error) => (error.value = e.message))
  }

  return { status, error, windows, live, running, report, load, start, startLive, stopLive }
})
