import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { FolderPurpose } from '../../shared/api/app'
import type { DemoInfo, DemoKind } from '../../shared/api/demo'
import type { ProjectSummary, RecentProject } from '../../shared/api/project'
import { useApi } from '../api/provide'

/** The open project and the recent list; the project service is the source of truth. */
export const useProjectStore = defineStore('project', () => {
  const api = useApi()
  const current = ref<ProjectSummary | null>(null)
  const recent = ref<readonly RecentProject[]>([])
  /** Why the recent list cannot be shown (its file is a folder, say); startup goes on without it. */
  const recentError = ref<string | null>(null)
  const loaded = ref(false)

  async function load(): Promise<void> {
    api.project.onDidChange((summary) => {
      current.value = summary
      void refreshRecent()
    })
    current.value = await api.project.current()
    await refreshRecent()
    loaded.value = true
  }

  async function refreshRecent(): Promise<void> {
    try {
      recent.value = await api.project.recent()
      recentError.value = null
    } catch (e) {
      recent.value = []
      recentError.value = (e as Error).message
    }
  }

  async function create(dir: string, name: string): Promise<ProjectSummary> {
    current.value = await api.project.create({ dir, name })
    return current.value
  }

  async function open(dir: string): Promise<ProjectSummary> {
    current.value = await api.project.open(dir)
    return current.value
  }

  async function rename(name: string): Promise<void> {
    current.value = await api.project.rename(name)
  }

  async function close(): Promise<void> {
    await api.project.close()
    current.value = null
  }

  /** The system's folder dialog (desktop app); null when cancelled or in serve mode. */
  function pickFolder(purpose: FolderPurpose): Promise<string | null> {
    return api.app.pickFolder(purpose)
  }

  function listDemos(): Promise<readonly DemoInfo[]> {
    return api.demo.list()
  }

  /** Creates a demo project in `dir` and opens it (the project service announces it). */
  async function createDemo(kind: DemoKind, dir: string): Promise<void> {
    await api.demo.create(kind, dir)
  }

  return {
    current,
    recent,
    recentError,
    loaded,
    load,
    refreshRecent,
    create,
    open,
    rename,
    close,
    pickFolder,
    listDemos,
    createDemo,
  }
})
