import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import type { StoredRun } from '../../shared/api/device-test'
import { useApi } from '../api/provide'
import { useCompressStore } from './compress'
import { useDeployStore } from './deploy'
import { useProjectStore } from './project'

/**
 * The open project's stored on-device tests (`deploy/<variant>/<board>.json`), which calibrate the estimate
 * panels of the Design, Compress and Deploy views: read when the project changes and after each deployment
 * that stores a new report.
 */
export const useMeasuredRunsStore = defineStore('measured-runs', () => {
  const api = useApi()
  const project = useProjectStore()
  const deploy = useDeployStore()
  const compress = useCompressStore()
  const runs = shallowRef<readonly StoredRun[]>([])
  let watching = false

  async function load(): Promise<void> {
    // No project, or a service that cannot read them: the estimates stay uncalibrated, nothing else changes.
    try {
      runs.value = project.current ? await api.deploy.measuredRuns() : []
    } catch {
      runs.value = []
    }
    // A run is paired with its variant's figures: the Design view has not loaded the variants otherwise.
    if (runs.value.length > 0 && compress.variants.length === 0) await compress.load()
  }

  /** Loads now and again whenever the project or the deploy step's last report changes. */
  function follow(): void {
    if (watching) return
    watching = true
    watch([() => project.current?.dir, () => deploy.report?.createdAt], () => void load(), {
      immediate: true,
    })
  }

  return { runs, load, follow }
})
