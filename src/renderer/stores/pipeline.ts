import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { StepId } from '../pipeline'

/** A step's mark on the rail: a tick when it has a result, a warning dot when a later step is stale. */
export type StepStatus = 'none' | 'done' | 'stale'

/**
 * Per-step status for the left rail. Each domain store reports its own step (the dataset store marks
 * `dataset` done when there are samples, training marks `train` stale when the design changed, …).
 */
export const usePipelineStore = defineStore('pipeline', () => {
  const statuses = ref<Partial<Record<StepId, StepStatus>>>({})

  function setStatus(step: StepId, status: StepStatus): void {
    statuses.value = { ...statuses.value, [step]: status }
  }

  function statusOf(step: StepId): StepStatus {
    return statuses.value[step] ?? 'none'
  }

  return { statuses, setStatus, statusOf }
})
