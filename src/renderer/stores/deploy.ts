import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { DeployRequest, DeployStatus } from '../../shared/api/device-test'
import { useApi } from '../api/provide'
import { usePipelineStore } from './pipeline'

const EMPTY: DeployStatus = { job: null, stage: null, report: null, error: null, log: '' }

/**
 * The Deploy step as the deploy service reports it: every change carries the whole status (running job and
 * stage, the last report, the log), which replaces ours.
 */
export const useDeployStore = defineStore('deploy', () => {
  const api = useApi()
  const pipeline = usePipelineStore()
  const status = shallowRef<DeployStatus>(EMPTY)
  const error = ref<string | null>(null)
  const windows = ref(100)
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
      api.deploy.onDidChange(apply)
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

  return { status, error, windows, running, report, load, start }
})
