import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { datasetContract, type NewSample } from '../../src/shared/api/dataset'
import { projectContract } from '../../src/shared/api/project'
import type { DesignInput } from '../../src/core/train/design'
import { ServiceRouter } from '../../src/main/rpc/service-router'
import { DatasetService } from '../../src/main/services/dataset/dataset-service'
import { ProjectService } from '../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../src/main/services/system/file-system'
import { createApi } from '../../src/renderer/api'
import { setApi } from '../../src/renderer/api/provide'
import { useDatasetStore } from '../../src/renderer/stores/dataset'
import { routerBridge, until } from './router-bridge'

const DESIGN: DesignInput = { kind: 'timeseries', rateHz: 50, axes: ['x', 'y'] }

/** The dataset store over the real dataset service, on a fresh project in a temporary folder. */
async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'mote-dataset-store-'))
  const project = new ProjectService({ fs: nodeFileSystem, configDir: join(root, 'cfg'), appVersion: '0' })
  await project.create({ dir: join(root, 'p'), name: 'P' })
  const service = new DatasetService({ project, fs: nodeFileSystem, designInput: async () => DESIGN })
  const router = new ServiceRouter()
  router.register(projectContract, project)
  router.register(datasetContract, service)
  setApi(createApi(routerBridge(router)))
  const store = useDatasetStore()
  await store.load()
  return { service, store }
}

function series(label: string, rateHz = 50, source = 'board', axes = ['x', 'y']): NewSample {
  return {
    kind: 'timeseries',
    label,
    rateHz,
    axes: axes.map((name) => ({ name, unit: '' })),
    length: 100,
    source,
    values: new Float32Array(100 * axes.length).map((_, i) => Math.sin(i)),
  }
}

beforeEach(() => setActivePinia(createPinia()))

describe('the dataset store over the dataset service', () => {
  it('filters by label, source, rate and axes, and sorts, from the service’s list', async () => {
    const { service, store } = await setup()
    await service.add([
      series('wave', 50, 'uno'),
      series('idle', 100, 'pico'),
      series('wave', 50, 'pico', ['a', 'b']),
    ])
    await until(() => store.samples.length === 3)
    store.setFilter({ label: 'wave' })
    expect(store.filtered.map((s) => s.source)).toEqual(['uno', 'pico'])
    store.setFilter({ axes: 'a, b' })
    expect(store.filtered).toHaveLength(1)
    store.clearFilters()
    store.setFilter({ rateHz: 100 })
    expect(store.filtered.map((s) => s.label)).toEqual(['idle'])
    store.clearFilters()
    store.sort = { key: 'source', descending: false }
    expect(store.filtered.map((s) => s.source)).toEqual(['pico', 'pico', 'uno'])
    expect(store.filtering).toBe(false)
  })

  it('lists the samples that differ from the design, and fixes a selection so it leaves that filter', async () => {
    const { service, store } = await setup()
    await service.add([series('wave'), series('wave', 100), series('idle', 50, 'b', ['ax', 'ay'])])
    await until(() => store.mismatched.size === 2)
    store.setFilter({ mismatchedOnly: true })
    expect(store.filtered).toHaveLength(2)
    const renamed = store.filtered.find((s) => s.axes[0]!.name === 'ax')!
    store.selection = [renamed.id]
    await store.renameAxes([renamed.id], ['x', 'y'])
    await until(() => store.mismatched.size === 1)
    expect(store.filtered).toHaveLength(1)
    expect(store.selection).toEqual([])
  })

  it('drops a relabelled sample from the selection once the filter hides it, and undo brings it back', async () => {
    const { service, store } = await setup()
    await service.add([series('wave'), series('wave'), series('idle')])
    await until(() => store.samples.length === 3)
    store.setFilter({ label: 'wave' })
    store.selection = store.filtered.map((s) => s.id)
    await store.relabel([store.selection[0]!], 'circle')
    await until(() => store.filtered.length === 1)
    expect(store.selection).toHaveLength(1)
    await store.undo()
    await until(() => store.filtered.length === 2)
    expect(store.undoEntry).toMatchObject({ action: 'add' })
  })

  it('finds a label that differs from an existing one only by case or spaces', async () => {
    const { service, store } = await setup()
    await service.add([series('wave'), series('up down')])
    await until(() => store.labels.length === 2)
    expect(store.similarLabel('Wave')).toBe('wave')
    expect(store.similarLabel(' up   Down ')).toBe('up down')
    expect(store.similarLabel('wave')).toBeNull()
    expect(store.similarLabel('waves')).toBeNull()
  })

  it('keeps the service’s error with its code for the view to translate', async () => {
    const { store } = await setup()
    await store.relabel(['s-nothing-here'], 'x')
    expect(store.error).toMatchObject({ code: 10003, message: expect.stringContaining('There is no sample') })
  })
})
