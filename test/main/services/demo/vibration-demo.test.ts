import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseProjectDesign } from '../../../../src/core/train/design'
import { SampleStore } from '../../../../src/main/services/dataset/sample-store'
import { DemoService } from '../../../../src/main/services/demo/demo-service'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { nodeProcessRunner } from '../../../../src/main/services/system/process-runner'

describe('the vibration demo project', () => {
  it('is listed, and created with normal training samples, faults in the test split and a spectral design', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mote-vibration-demo-'))
    const project = new ProjectService({
      fs: nodeFileSystem,
      configDir: join(root, 'config'),
      appVersion: '0.0.0',
    })
    const demo = new DemoService({
      project,
      fs: nodeFileSystem,
      runner: nodeProcessRunner,
      appVersion: '0.0.0',
      demosDir: join(root, 'Mote'),
    })
    expect((await demo.list()).find((d) => d.kind === 'vibration')).toEqual({
      kind: 'vibration',
      available: true,
      suggestedDir: join(root, 'Mote', 'vibration-demo'),
    })
    const summary = await demo.create('vibration', join(root, 'vibration'))
    expect(summary.name).toBe('Vibration demo')
    const samples = await new SampleStore(project.store()).list()
    expect(samples).toHaveLength(3 * 16 + 3 * 3 * 4)
    const training = samples.filter((s) => s.category === 'training')
    expect(new Set(training.map((s) => s.label))).toEqual(new Set(['normal']))
    expect(training).toHaveLength(36)
    expect(samples[0]).toMatchObject({ kind: 'timeseries', rateHz: 1000, length: 2000 })
    const design = parseProjectDesign(JSON.parse(await readFile(join(summary.dir, 'design.json'), 'utf8')))
    expect(design.features.blocks[0]!.block).toBe('spectral')
    expect(design.labels).toEqual(['normal', 'imbalance', 'bearing', 'looseness'])
    expect(design.model.inputShape).toEqual([63])
  })
})
