import type { Sample, SampleMeta } from '../../../core/dataset/sample'
import type { SampleStore } from './sample-store'
import type { UndoStack } from './undo-stack'

/**
 * The dataset's edits as stored changes with their undo records: each writes through the sample store and
 * pushes what reverts it. The service checks ids, runs them one at a time and announces the result.
 */

/** Whole samples edited in place (values and meta, same ids), all computed before any is written. */
export async function replaceSamples(
  store: SampleStore,
  undo: UndoStack,
  action: 'crop' | 'rename-axes' | 'resample',
  ids: readonly string[],
  edit: (sample: Sample) => Sample,
): Promise<SampleMeta[]> {
  const before = await Promise.all(ids.map((id) => store.read(id)))
  const after = before.map(edit)
  for (const sample of after) await store.replace(sample)
  await undo.push(action, ids.length, async () => {
    for (const sample of before) await store.replace(sample)
  })
  return after.map((s) => s.meta)
}

/** Metadata edits (label, split); undo writes the old metadata back. */
export async function changeMetas(
  store: SampleStore,
  undo: UndoStack,
  action: 'relabel' | 'move' | 'rebalance',
  ids: readonly string[],
  change: (m: SampleMeta) => SampleMeta,
): Promise<void> {
  const wanted = new Set(ids)
  const before = new Map((await store.list()).filter((m) => wanted.has(m.id)).map((m) => [m.id, m]))
  await store.update(ids, change)
  await undo.push(action, ids.length, () => store.update([...before.keys()], (m) => before.get(m.id) ?? m))
}

/** Deletes samples; their values stay on disk until the undo record is forgotten. */
export async function removeSamples(
  store: SampleStore,
  undo: UndoStack,
  ids: readonly string[],
): Promise<void> {
  const removed = await store.remove(ids)
  await undo.push(
    'remove',
    removed.length,
    () => store.restore(removed),
    () => store.purge(removed.map((m) => m.id)),
  )
}

/** Replaces one sample by its parts (a split); undo removes the parts and brings the original back. */
export async function replaceByParts(
  store: SampleStore,
  undo: UndoStack,
  id: string,
  parts: readonly Sample[],
): Promise<readonly SampleMeta[]> {
  const added = await store.add(parts)
  const removed = await store.remove([id])
  await undo.push(
    'split',
    parts.length,
    async () => {
      await store.remove(added.map((m) => m.id))
      await store.purge(added.map((m) => m.id))
      await store.restore(removed)
    },
    () => store.purge([id]),
  )
  return added
}
