import { mkdir, mkdtemp, rename, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildPreset, planModelGraph } from '../../../../src/core/model'
import { ModelStore, type ModelToStore } from '../../../../src/main/services/train/model-store'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { ProjectErrorCode } from '../../../../src/shared/api/project'
import type { TrainMetrics } from '../../../../src/shared/api/train'
import { failure, snapshotTree } from '../project/project-fixtures'

function model(tag: number): ModelToStore {
  const metrics = { labels: ['a', 'b'], designHash: `h${tag}`, test: { accuracy: tag / 10 } }
  return {
    files: { modelJson: JSON.stringify({ tag }), weightsBin: Uint8Array.from([tag, 1, 2, 3]) },
    graph: planModelGraph(buildPreset('dense-mlp', [4], 2)),
    metrics: metrics as unknown as TrainMetrics,
    design: { tag },
  }
}

/** A project folder whose `models` (holding `count` stored models) was moved outside and linked back. */
async function linkedModels(count: number) {
  const dir = await mkdtemp(join(tmpdir(), 'mote-model-links-'))
  let t = 1_700_000_000_000
  const store = new ModelStore(dir, nodeFileSystem, () => new Date((t += 1000)))
  const ids: string[] = []
  for (let i = 0; i < count; i++) ids.push((await store.store(model(i))).id)
  const outside = await mkdtemp(join(tmpdir(), 'mote-outside-'))
  await rename(join(dir, 'models'), join(outside, 'models'))
  await symlink(join(outside, 'models'), join(dir, 'models'))
  return { dir, store, ids, outside }
}

describe('ModelStore and links inside the project folder', () => {
  it('refuses to store a model through a linked models folder, writing and pruning nothing outside', async () => {
    const { dir, store, outside } = await linkedModels(5)
    // Someone else's folder that looks like a stale staging folder.
    await mkdir(join(outside, 'models/.staging-theirs'))
    await writeFile(join(outside, 'models/.staging-theirs/notes.txt'), 'keep me')
    const before = await snapshotTree(outside)
    const error = await failure(store.store(model(9)))
    expect(error.code).toBe(ProjectErrorCode.InvalidPath)
    expect(error.message).toBe(
      `models in the project ${dir} is a link to ${join(outside, 'models')}. Mote writes and deletes only ` +
        'inside the project folder itself: replace the link with a real folder or file, then try again.',
    )
    expect(await snapshotTree(outside)).toEqual(before)
  })

  it('refuses to update the metrics of a model whose folder is a link, leaving the files it points to alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-model-links-'))
    const store = new ModelStore(dir, nodeFileSystem)
    const stored = await store.store(model(1))
    const outside = await mkdtemp(join(tmpdir(), 'mote-outside-'))
    await rename(join(dir, 'models', stored.id), join(outside, stored.id))
    await symlink(join(outside, stored.id), join(dir, 'models', stored.id))
    const before = await snapshotTree(outside)
    const error = await failure(store.updateMetrics(stored.id, stored.metrics))
    expect(error.message).toMatch(new RegExp(`^models/${stored.id} in the project .* is a link to `))
    expect(await snapshotTree(outside)).toEqual(before)
  })

  it('never prunes an old model folder that is a link, and still stores the new model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-model-links-'))
    let t = 1_700_000_000_000
    const store = new ModelStore(dir, nodeFileSystem, () => new Date((t += 1000)))
    const oldest = await store.store(model(0))
    const outside = await mkdtemp(join(tmpdir(), 'mote-outside-'))
    await rename(join(dir, 'models', oldest.id), join(outside, oldest.id))
    await symlink(join(outside, oldest.id), join(dir, 'models', oldest.id))
    for (let i = 1; i < 7; i++) await store.store(model(i))
    expect((await snapshotTree(join(dir, 'models')))[oldest.id]).toBe(`link → ${join(outside, oldest.id)}`)
    expect(Object.keys(await snapshotTree(outside))).toContain(`${oldest.id}/weights.bin`)
  })
})
