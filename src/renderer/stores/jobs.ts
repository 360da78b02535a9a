import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { JobInfo } from '../../shared/api/jobs'
import { useApi } from '../api/provide'

const MAX_CONSOLE_LINES = 2000

/**
 * Jobs as the main process reports them. On load (also after a renderer reload) the running jobs are read
 * back from the service, so a training run started before a reload keeps its progress bar.
 */
export const useJobsStore = defineStore('jobs', () => {
  const api = useApi()
  const jobs = ref<Map<string, JobInfo>>(new Map())
  const consoleLines = shallowRef<readonly string[]>([])

  const list = computed(() => [...jobs.value.values()].sort((a, b) => b.startedAt - a.startedAt))
  const running = computed(() => list.value.find((j) => j.state === 'running') ?? null)

  function put(job: JobInfo): void {
    const next = new Map(jobs.value)
    next.set(job.id, job)
    jobs.value = next
  }

  function appendConsole(lines: readonly string[]): void {
    const next = [...consoleLines.value, ...lines]
    consoleLines.value = next.length > MAX_CONSOLE_LINES ? next.slice(next.length - MAX_CONSOLE_LINES) : next
  }

  async function load(): Promise<void> {
    api.jobs.onDidChange(put)
    api.jobs.onDidLog((event) => appendConsole(event.lines))
    for (const job of await api.jobs.list()) put(job)
    const active = running.value
    if (active) appendConsole(await api.jobs.log(active.id))
  }

  async function cancel(id: string): Promise<void> {
    put(await api.jobs.cancel(id))
  }

  function clearConsole(): void {
    consoleLines.value = []
  }

  return { jobs, list, running, consoleLines, load, cancel, clearConsole, appendConsole }
})
