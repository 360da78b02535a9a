import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { JobInfo } from '../../src/shared/api/jobs'
import type { ProjectSummary } from '../../src/shared/api/project'
import { createApi } from '../../src/renderer/api'
import { setApi } from '../../src/renderer/api/provide'
import { useJobsStore } from '../../src/renderer/stores/jobs'
import { useProjectStore } from '../../src/renderer/stores/project'
import { fakeBridge } from './fake-bridge'

const project: ProjectSummary = {
  dir: '/p',
  id: '1',
  name: 'P',
  schemaVersion: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
}

const job = (patch: Partial<JobInfo>): JobInfo => ({
  id: 'job-1',
  kind: 'train',
  title: 'Train',
  state: 'running',
  progress: 0.25,
  phrase: 'Epoch 1 of 4',
  startedAt: 1,
  ...patch,
})

beforeEach(() => setActivePinia(createPinia()))

describe('project store', () => {
  it('follows the project service: loads the current project and applies change events', async () => {
    const { bridge, fire } = fakeBridge({
      'mote:project:current': () => project,
      'mote:project:recent': () => [],
    })
    setApi(createApi(bridge))
    const store = useProjectStore()
    await store.load()
    expect(store.current?.name).toBe('P')
    fire('mote:project:didChange', null)
    expect(store.current).toBeNull()
  })

  it('still loads when the recent list cannot be read, keeping the service’s sentence for the view', async () => {
    const sentence = 'The recent-projects list /c/recent-projects.json is a folder, not a file, so …'
    const { bridge } = fakeBridge({
      'mote:project:current': () => null,
      'mote:project:recent': () => {
        throw new Error(sentence)
      },
    })
    setApi(createApi(bridge))
    const store = useProjectStore()
    await store.load()
    expect(store.loaded).toBe(true)
    expect(store.recent).toEqual([])
    expect(store.recentError).toBe(sentence)
  })

  it('throws the service’s own message so the view can show it', async () => {
    const { bridge } = fakeBridge({
      'mote:project:open': () => {
        throw new Error('No project at /x: the folder does not exist.')
      },
    })
    setApi(createApi(bridge))
    await expect(useProjectStore().open('/x')).rejects.toThrow('No project at /x: the folder does not exist.')
  })
})

describe('jobs store', () => {
  it('picks up a job that was running before a reload, with its log, and follows its progress', async () => {
    const { bridge, fire } = fakeBridge({
      'mote:jobs:list': () => [job({})],
      'mote:jobs:log': () => ['epoch 1: loss 0.9'],
    })
    setApi(createApi(bridge))
    const store = useJobsStore()
    await store.load()
    expect(store.running?.phrase).toBe('Epoch 1 of 4')
    expect(store.consoleLines).toEqual(['epoch 1: loss 0.9'])
    fire('mote:jobs:didChange', job({ progress: 0.5, phrase: 'Epoch 2 of 4' }))
    fire('mote:jobs:didLog', { jobId: 'job-1', lines: ['epoch 2: loss 0.5'] })
    expect(store.running?.progress).toBe(0.5)
    expect(store.consoleLines).toEqual(['epoch 1: loss 0.9', 'epoch 2: loss 0.5'])
    fire('mote:jobs:didChange', job({ state: 'succeeded', progress: 1 }))
    expect(store.running).toBeNull()
  })
})
