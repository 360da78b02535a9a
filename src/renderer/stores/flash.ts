import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { DeviceEntry } from '../../shared/api/devices'
import type { FlashResult } from '../../shared/api/flash'
import type { MoteError } from '../../shared/errors'
import { useApi } from '../api/provide'
import { errorOf } from '../errors'
import { useJobsStore } from './jobs'

/**
 * The Flash dialog's work: the file picked, the flash job (its progress is the flasher's own, "Writing page
 * 37 of 112"), and how it ended — the result, the service's sentence (a file that is not firmware is
 * refused before anything is written), or cancelled.
 */
export const useFlashStore = defineStore('flash', () => {
  const api = useApi()
  const jobs = useJobsStore()
  const file = ref('')
  const jobId = ref<string | null>(null)
  const startError = ref<MoteError | null>(null)

  const job = computed(() => (jobId.value ? (jobs.jobs.get(jobId.value) ?? null) : null))
  const running = computed(() => job.value?.state === 'running')
  const cancelled = computed(() => job.value?.state === 'cancelled')
  const result = computed(() => (job.value?.state === 'succeeded' ? (job.value.result as FlashResult) : null))
  const error = computed<MoteError | null>(
    () => startError.value ?? (job.value?.state === 'failed' ? (job.value.error ?? null) : null),
  )

  /** Forgets the last attempt (another board was chosen, the dialog reopened). */
  function reset(): void {
    jobId.value = null
    startError.value = null
  }

  async function browse(): Promise<void> {
    const files = await api.app.pickFiles('firmware')
    if (files?.[0]) file.value = files[0]
  }

  async function start(device: DeviceEntry): Promise<void> {
    if (!device.portPath || !device.boardId) return
    reset()
    try {
      const info = await api.flash.flashFile({
        file: file.value.trim(),
        port: device.portPath,
        boardId: device.boardId,
      })
      jobId.value = info.id
    } catch (e) {
      startError.value = errorOf(e)
    }
  }

  async function cancel(): Promise<void> {
    if (jobId.value) await jobs.cancel(jobId.value)
  }

  return { file, jobId, job, running, cancelled, result, error, reset, browse, start, cancel }
})
