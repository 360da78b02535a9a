import { ProjectErrorCode } from '../../../../src/shared/api/project'
import { TrainErrorCode } from '../../../../src/shared/api/train'
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseProjectDesign } from '../../../../src/core/train/design'
import { DemoService } from '../../../../src/main/services/demo/demo-service'
import { SampleStore } from '../../../../src/main/services/dataset/sample-store'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { nodeProcessRunner } from '../../../../src/main/services/system/process-runner'

async function setup(searchPath?: string) {
  const root = await mkdtemp(join(tmpdir(), 'mote-demo-'))
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
    ...(searchPath === undefined ? {} : { searchPath }),
  })
  return { root, project, demo }
}

describe('DemoService', () => {
  it('creates and opens the gestures demo: 150 recordings of 5 gestures, a test split and a design', async () => {
    const { root, project, demo } = await setup()
    const summary = await demo.create('gestures', join(root, 'gestures'))
    expect(summary.name).toBe('Gestures demo')
    expect((await project.current())?.dir).toBe(summary.dir)
    const samples = await new SampleStore(project.store()).list()
    expect(samples).toHaveLength(150)
    expect(samples.filter((s) => s.category === 'testing')).toHaveLength(30)
    expect(new Set(samples.map((s) => s.label))).toEqual(
      new Set(['idle', 'wave', 'circle', 'shake', 'up-down']),
    )
    expect(samples[0]).toMatchObject({ kind: 'timeseries', rateHz: 62.5, length: 625 })
    const design = parseProjectDesign(JSON.parse(await readFile(join(summary.dir, 'design.json'), 'utf8')))
    expect(design.preset).toBe('dense-mlp')
    expect(design.model.inputShape).toEqual([42])
  })

  it('refuses a folder that is not empty and leaves it untouched', async () => {
    const { root, demo } = await setup()
    const dir = join(root, 'busy')
    await mkdir(dir)
    await writeFile(join(dir, 'notes.txt'), 'mine')
    await expect(demo.create('gestures', dir)).rejects.toMatchObject({
      code: ProjectErrorCode.Exists,
      message: expect.stringMatching(/is not empty/),
    })
    expect(await readdir(dir)).toEqual(['notes.txt'])
  })

  it('says which tools the keywords demo needs when they are missing, and creates nothing', async () => {
    const { root, demo } = await setup('')
    const list = await demo.list()
    expect(list.find((d) => d.kind === 'keywords')).toMatchObject({
      available: false,
      missing: expect.stringMatching(/espeak-ng and sox are not installed.*apt-get install espeak-ng sox/),
    })
    expect(list.find((d) => d.kind === 'gestures')).toMatchObject({
      available: true,
      suggestedDir: join(root, 'Mote', 'gestures-demo'),
    })
    await expect(demo.create('keywords', join(root, 'keywords'))).rejects.toMatchObject({
      code: TrainErrorCode.DemoFailed,
      message: expect.stringMatching(/keywords demo cannot be made: espeak-ng and sox are not installed/),
    })
    expect(await readdir(root)).not.toContain('keywords')
  })

  it('suggests the next free folder when the default one is taken', async () => {
    const { root, demo } = await setup()
    await demo.create('gestures', join(root, 'Mote', 'gestures-demo'))
    expect((await demo.list())[0]!.suggestedDir).toBe(join(root, 'Mote', 'gestures-demo-2'))
  })
})
