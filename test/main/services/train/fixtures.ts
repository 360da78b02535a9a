import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Sample } from '../../../../src/core/dataset/sample'
import { SampleStore } from '../../../../src/main/services/dataset/sample-store'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { smallGestures } from '../../../core/train/fixtures'

/** A project folder (opened by a real ProjectService) holding the small gestures set from the core tests. */
export async function gesturesProject(perLabel = 4) {
  const root = await mkdtemp(join(tmpdir(), 'mote-train-'))
  const project = new ProjectService({
    fs: nodeFileSystem,
    configDir: join(root, 'config'),
    appVersion: '0.0.0',
  })
  const summary = await project.create({ dir: join(root, 'gestures'), name: 'Gestures' })
  const { source, values } = smallGestures(perLabel)
  const samples: Sample[] = source.samples.map((meta) => ({ meta, values: values.get(meta.id)! }))
  await new SampleStore(project.store()).add(samples)
  return { root, dir: summary.dir, project, source }
}
