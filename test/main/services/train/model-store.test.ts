import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildPreset, planModelGraph } from '../../../../src/core/model'
import { ModelStore, type ModelToStore } from '../../../../src/main/services/train/model-store'
import { nodeFileSystem, type FileSystem } from '../../../../src/main/services/system/file-system'
import type { TrainMetrics } from '../../../../src/shared/api/train'

function model(tag: number): ModelToStore {
  const metrics = {
    labels: ['a', 'b'],
    designHash: `h${tag}`,
    test: { accuracy: tag / 10 },
  } as unknown as TrainMetrics
  return {
    files: { modelJson: JSON.stringify({ tag }), weightsBin: Uint8Array.from([tag, 1, 2, 3]) },
    graph: planModelGraph(buildPreset('dense-mlp', [4], 2)),
    metrics,
    design: { tag },
  }
}

/** A file system that fails when a path containing `needle` is opened for writing. */
function failingOn(needle: string): FileSystem {
  return {
    ...nodeFileSystem,
    open: (async (path: string, flags?: string, mode?: number) => {
      if (String(path).includes(needle)) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' })
      return nodeFileSystem.open(path, flags, mode)
    }) as FileSystem['open'],
  }
}

describe('ModelStore', () => {
  it('stores a model folder and names it in current.json only when every file is written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-models-'))
    let t = 1_700_000_000_000
    const store = new ModelStore(dir, nodeFileSystem, () => new Date((t += 1000)))
    const stored = await store.store(model(1))
    expect((await store.current())!.id).toBe(stored.id)
    expect(await store.readTfFiles(stored.id)).toEqual({
      modelJson: '{"tag":1}',
      weightsBin: Uint8Array.from([1, 1, 2, 3]),
    })
    expect((await store.readGraph(stored.id)).ops.map((o) => o.kind)).toEqual([
      'fullyConnected',
      'fullyConnected',
      'fullyConnected',
      'softmax',
    ])
    expect(JSON.parse(await readFile(join(dir, 'models', stored.id, 'design.json'), 'utf8'))).toEqual({
      tag: 1,
    })
  })

  it('leaves the previous model current when a write fails half-way, and cleans the leftovers next time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-models-'))
    const good = await new ModelStore(dir, nodeFileSystem).store(model(1))
    await expect(new ModelStore(dir, failingOn('graph.bin')).store(model(2))).rejects.toThrow(/disk full/)
    expect((await new ModelStore(dir, nodeFileSystem).current())!.id).toBe(good.id)
    const left = await readdir(join(dir, 'models'))
    expect(left.filter((n) => n.startsWith('.staging-'))).toHaveLength(1)
    expect(left.filter((n) => n.startsWith('m-'))).toEqual([good.id])
    const next = await new ModelStore(dir, nodeFileSystem).store(model(3))
    expect((await readdir(join(dir, 'models'))).filter((n) => n.startsWith('.staging-'))).toEqual([])
    expect((await new ModelStore(dir, nodeFileSystem).current())!.id).toBe(next.id)
  })

  it('keeps the current model and the four before it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-models-'))
    let t = 1_700_000_000_000
    const store = new ModelStore(dir, nodeFileSystem, () => new Date((t += 1000)))
    const ids: string[] = []
    for (let i = 0; i < 7; i++) ids.push((await store.store(model(i))).id)
    const kept = (await readdir(join(dir, 'models'))).filter((n) => n.startsWith('m-')).sort()
    expect(kept).toEqual(ids.slice(2).sort())
  })

  it('says there is no model yet, and that a damaged one must be retrained', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-models-'))
    const store = new ModelStore(dir, nodeFileSystem)
    await expect(store.requireCurrent()).rejects.toThrow(/no trained model yet/)
    const stored = await store.store(model(1))
    await nodeFileSystem.rm(join(dir, 'models', stored.id, 'weights.bin'))
    await expect(store.readTfFiles(stored.id)).rejects.toThrow(/incomplete or damaged. Train the model again/)
  })
})
