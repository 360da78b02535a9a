import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { digitsCsv, generateDigitsTable } from '../../../../src/core/demo/digits'
import { parseProjectDesign } from '../../../../src/core/train/design'
import { SampleStore } from '../../../../src/main/services/dataset/sample-store'
import { DemoService } from '../../../../src/main/services/demo/demo-service'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { nodeProcessRunner } from '../../../../src/main/services/system/process-runner'

describe('the digits demo project', () => {
  it('keeps its table as import/digits.csv and imports it one sample per row, with a dense design on the 64 features', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mote-digits-demo-'))
    const project = new ProjectService({
      fs: nodeFileSystem,
      configDir: join(root, 'config'),
      appVersion: '0',
    })
    const demo = new DemoService({
      project,
      fs: nodeFileSystem,
      runner: nodeProcessRunner,
      appVersion: '0',
      demosDir: join(root, 'Mote'),
    })
    expect((await demo.list()).find((d) => d.kind === 'digits')).toEqual({
      kind: 'digits',
      available: true,
      suggestedDir: join(root, 'Mote', 'digits-demo'),
    })
    const summary = await demo.create('digits', join(root, 'digits'))
    expect(summary.name).toBe('Digits demo')
    const table = generateDigitsTable()
    expect(await readFile(join(summary.dir, 'import', 'digits.csv'), 'utf8')).toBe(digitsCsv(table))

    const store = new SampleStore(project.store())
    const samples = await store.list()
    expect(samples).toHaveLength(1800)
    for (let d = 0; d < 10; d++) {
      const ofDigit = samples.filter((s) => s.label === String(d))
      expect([ofDigit.length, ofDigit.filter((s) => s.category === 'testing').length]).toEqual([180, 36])
    }
    expect(samples[0]).toMatchObject({ kind: 'timeseries', rateHz: 1, length: 1 })
    expect(samples[0]!.axes.map((a) => a.name)).toEqual(table.featureNames)
    const row = 1000
    expect(Array.from((await store.read(samples[row]!.id)).values)).toEqual(
      Array.from(table.x.subarray(row * 64, (row + 1) * 64)),
    )

    const design = parseProjectDesign(JSON.parse(await readFile(join(summary.dir, 'design.json'), 'utf8')))
    expect(design.features.window).toMatchObject({ lengthMs: 1000, strideMs: 1000 })
    expect(design.labels).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    expect(design.preset).toBe('dense-mlp')
    expect(design.model.inputShape).toEqual([1, 64])
    expect(design.model.layers.flatMap((l) => (l.type === 'dense' ? [l.units] : []))).toEqual([64, 32, 10])
  })
})
