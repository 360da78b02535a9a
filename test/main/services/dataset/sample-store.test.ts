import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Sample } from '../../../../src/core/dataset/sample'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { SampleStore, newSampleId } from '../../../../src/main/services/dataset/sample-store'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'

async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'mote-samples-'))
  const projects = new ProjectService({ fs: nodeFileSystem, configDir: join(root, 'cfg'), appVersion: '0' })
  await projects.create({ dir: join(root, 'p'), name: 'P' })
  return { root, projects, store: new SampleStore(projects.store()) }
}

function wave(label: string, n = 50): Sample {
  const values = new Float32Array(n * 3).map((_, i) => Math.sin(i / 7) * 9.81 + i * 1e-3)
  return {
    meta: {
      id: newSampleId(),
      kind: 'timeseries',
      label,
      category: 'training',
      rateHz: 100,
      axes: [
        { name: 'accX', unit: 'm/s²' },
        { name: 'accY', unit: 'm/s²' },
        { name: 'accZ', unit: 'm/s²' },
      ],
      length: n,
      source: 'test',
      createdAt: new Date().toISOString(),
    },
    values,
  }
}

describe('SampleStore', () => {
  it('stores samples and reads back exactly the same float32 values in a new store instance', async () => {
    const { projects, store } = await setup()
    const a = wave('wave')
    await store.add([a, wave('idle', 10)])
    const again = new SampleStore(projects.store())
    expect((await again.list()).map((m) => m.label)).toEqual(['wave', 'idle'])
    const back = await again.read(a.meta.id)
    expect(back.meta).toEqual(a.meta)
    expect(Array.from(back.values)).toEqual(Array.from(a.values))
  })

  it('relabels and moves samples, removes them and restores them (undo)', async () => {
    const { store } = await setup()
    const [a, b] = [wave('wave'), wave('idle')]
    await store.add([a, b])
    await store.update([a.meta.id], (m) => ({ ...m, label: 'circle', category: 'testing' }))
    expect((await store.list())[0]).toMatchObject({ label: 'circle', category: 'testing' })
    const removed = await store.remove([b.meta.id])
    expect((await store.list()).map((m) => m.id)).toEqual([a.meta.id])
    expect(await store.orphans()).toEqual([b.meta.id])
    await store.restore(removed)
    expect((await store.read(b.meta.id)).values.length).toBe(150)
  })

  it('reports damaged values with the sample and the sizes instead of returning garbage', async () => {
    const { root, store } = await setup()
    const a = wave('wave')
    await store.add([a])
    await writeFile(join(root, 'p/data/samples', `${a.meta.id}.f32`), new Uint8Array(7))
    await expect(store.read(a.meta.id)).rejects.toThrow(/expected 600 bytes, found 7/)
  })

  it('refuses a sample whose value count does not match its length and axes, writing nothing', async () => {
    const { root, store } = await setup()
    const bad = { ...wave('x'), values: new Float32Array(5) }
    await expect(store.add([bad])).rejects.toThrow(/not length × axes/)
    expect(await readdir(join(root, 'p/data'))).toEqual([])
  })
})
