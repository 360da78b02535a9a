import { createHash } from 'node:crypto'
import { lstat, mkdtemp, readFile, readdir, readlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { NewSample } from '../../../../src/shared/api/dataset'
import { MoteFailure } from '../../../../src/shared/errors'
import { DatasetService } from '../../../../src/main/services/dataset/dataset-service'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'

/** A project with the project and dataset services on the real file system, in a fresh temp folder. */
export async function projectWithDataset(prefix = 'mote-project-') {
  const root = await mkdtemp(join(tmpdir(), prefix))
  const project = new ProjectService({ fs: nodeFileSystem, configDir: join(root, 'config'), appVersion: '0' })
  const dataset = new DatasetService({ project, fs: nodeFileSystem })
  const dir = join(root, 'p')
  await project.create({ dir, name: 'P' })
  return { root, dir, project, dataset }
}

/** A short three-axis recording. */
export function wave(label: string, frames = 20): NewSample {
  return {
    kind: 'timeseries',
    label,
    rateHz: 50,
    axes: ['x', 'y', 'z'].map((name) => ({ name, unit: 'g' })),
    length: frames,
    source: 'test',
    values: Float32Array.from({ length: frames * 3 }, (_, i) => Math.sin(i / 5)),
  }
}

/**
 * Every entry under `dir` (not following links) with its kind and content hash, so that a test can say
 * "nothing was written, moved or deleted" by comparing two snapshots.
 */
export async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  async function visit(path: string, rel: string): Promise<void> {
    const stat = await lstat(path)
    if (stat.isSymbolicLink()) out[rel] = `link → ${await readlink(path)}`
    else if (stat.isDirectory()) {
      out[rel] = 'folder'
      for (const name of await readdir(path)) await visit(join(path, name), rel ? `${rel}/${name}` : name)
    } else if (stat.isFile())
      out[rel] = `file ${createHash('sha256')
        .update(await readFile(path))
        .digest('hex')}`
    else out[rel] = 'other'
  }
  await visit(dir, '')
  return out
}

/** The `MoteFailure` a promise rejects with (anything else fails the test). */
export async function failure(promise: Promise<unknown>): Promise<MoteFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(MoteFailure)
  return error as MoteFailure
}
