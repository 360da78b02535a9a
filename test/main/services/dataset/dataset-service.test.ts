import { mkdtemp, readdir, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DatasetErrorCode, type DatasetChange, type NewSample } from '../../../../src/shared/api/dataset'
import { DatasetService } from '../../../../src/main/services/dataset/dataset-service'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'

async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'mote-dataset-'))
  const project = new ProjectService({ fs: nodeFileSystem, configDir: join(root, 'cfg'), appVersion: '0' })
  await project.create({ dir: join(root, 'p'), name: 'P' })
  const dataset = new DatasetService({ project, fs: nodeFileSystem })
  const changes: DatasetChange[] = []
  dataset.onDidChange((c) => changes.push(c))
  return { root, project, dataset, changes }
}

function series(label: string, length = 100, rateHz = 50, seed = 1): NewSample {
  return {
    kind: 'timeseries',
    label,
    rateHz,
    axes: [
      { name: 'x', unit: 'g' },
      { name: 'y', unit: 'g' },
    ],
    length,
    source: 'test',
    values: Float32Array.from({ length: length * 2 }, (_, i) => Math.sin(i * seed) * 3),
  }
}

describe('DatasetService', () => {
  it('adds samples with the stratified 80/20 split and counts them per label and category', async () => {
    const { dataset, changes } = await setup()
    await dataset.add(Array.from({ length: 10 }, (_, i) => series(i < 5 ? 'wave' : 'idle')))
    expect(await dataset.counts()).toMatchObject({
      labels: [
        { label: 'idle', training: 4, testing: 1, durationMs: 10_000 },
        { label: 'wave', training: 4, testing: 1, durationMs: 10_000 },
      ],
      total: 10,
    })
    expect(changes.at(-1)!.added).toHaveLength(10)
    expect(changes.at(-1)!.undo).toMatchObject({ action: 'add', count: 10 })
  })

  it('relabels, moves and deletes many at once, and undoes each step in reverse order', async () => {
    const { dataset } = await setup()
    const [a, b, c] = await dataset.add([series('wave'), series('wave'), series('idle')])
    await dataset.relabel([a!.id, b!.id], 'circle')
    await dataset.move([a!.id], 'testing')
    await dataset.remove([b!.id, c!.id])
    expect((await dataset.list()).map((m) => [m.label, m.category])).toEqual([['circle', 'testing']])
    expect(await dataset.undo()).toMatchObject({ action: 'remove', count: 2 })
    expect(await dataset.list()).toHaveLength(3)
    expect(Array.from((await dataset.read(c!.id)).values)).toEqual(Array.from(series('idle').values))
    await dataset.undo()
    await dataset.undo()
    expect((await dataset.list()).map((m) => m.label).sort()).toEqual(['idle', 'wave', 'wave'])
    await dataset.undo()
    expect(await dataset.list()).toEqual([])
    await expect(dataset.undo()).rejects.toMatchObject({ code: DatasetErrorCode.NothingToUndo })
  })

  it('crops a sample and undoes the crop back to the original values', async () => {
    const { dataset } = await setup()
    const [m] = await dataset.add([series('wave', 100)])
    const original = await dataset.read(m!.id)
    const cropped = await dataset.crop(m!.id, 10, 60)
    expect(cropped.length).toBe(50)
    expect(Array.from((await dataset.read(m!.id)).values)).toEqual(Array.from(original.values.slice(20, 120)))
    await dataset.undo()
    expect(Array.from((await dataset.read(m!.id)).values)).toEqual(Array.from(original.values))
  })

  it('splits a long recording into windows in the same category, and undo restores the recording', async () => {
    const { dataset } = await setup()
    const [m] = await dataset.add([series('walk', 500, 50)])
    const parts = await dataset.split(m!.id, 2000)
    expect(parts.map((p) => p.length)).toEqual([100, 100, 100, 100, 100])
    expect(parts.every((p) => p.category === m!.category && p.label === 'walk')).toBe(true)
    expect(Array.from((await dataset.read(parts[2]!.id)).values)).toEqual(
      Array.from(series('walk', 500).values.slice(400, 600)),
    )
    await dataset.undo()
    expect((await dataset.list()).map((x) => x.id)).toEqual([m!.id])
    expect((await dataset.read(m!.id)).meta.length).toBe(500)
  })

  it('rebalances a lopsided split with the fewest moves', async () => {
    const { dataset } = await setup()
    await dataset.add(Array.from({ length: 10 }, () => ({ ...series('x'), category: 'training' as const })))
    expect(await dataset.rebalance()).toBe(2)
    expect((await dataset.counts()).testing).toBe(2)
    expect(await dataset.rebalance()).toBe(0)
  })

  it('imports nothing when one file is broken and says which file and line; with skipBroken imports the rest', async () => {
    const { dataset } = await setup()
    const enc = (s: string) => new TextEncoder().encode(s)
    const files = [
      { name: 'idle.1.csv', bytes: enc('timestamp,x\n0,1\n10,2\n') },
      { name: 'idle.2.csv', bytes: enc('timestamp,x\n0,1\n10,two\n') },
    ]
    await expect(dataset.importFiles(files, {})).rejects.toMatchObject({
      code: DatasetErrorCode.ImportFailed,
      message: expect.stringMatching(/^idle\.2\.csv, line 3: .* Nothing was imported\.$/),
    })
    expect(await dataset.list()).toEqual([])
    const report = await dataset.importFiles(files, { skipBroken: true })
    expect(report.added).toHaveLength(1)
    expect(report.failed).toHaveLength(1)
  })

  it('exports to folders and imports them back to the same values, labels and categories', async () => {
    const { root, dataset } = await setup()
    const audio: NewSample = {
      kind: 'audio',
      label: 'yes',
      rateHz: 16000,
      axes: [{ name: 'audio', unit: '' }],
      length: 1600,
      source: 'mic',
      values: Float32Array.from({ length: 1600 }, (_, i) => Math.round(Math.sin(i / 9) * 20000) / 32768),
    }
    const added = await dataset.add([series('wave'), series('idle', 30, 62.5, 2), audio])
    await dataset.move([added[1]!.id], 'testing')
    for (const format of ['csv', 'ei-json'] as const) {
      const out = join(root, `export-${format}`)
      expect(await dataset.exportTo(out, format)).toEqual({ dir: out, files: 3, samples: 3 })
      const second = await setup()
      const report = await second.dataset.importPaths([out], {})
      expect(report.failed).toEqual([])
      for (const orig of added) {
        const back = (await second.dataset.list()).find((m) => m.label === orig.label)!
        const fresh = await dataset.list()
        expect(back.category).toBe(fresh.find((m) => m.id === orig.id)!.category)
        expect(back.rateHz).toBe(orig.rateHz)
        const a = (await dataset.read(orig.id)).values
        const b = (await second.dataset.read(back.id)).values
        expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true)
      }
    }
  })

  it('reads folders recursively, taking labels from folder names and skipping files it cannot import', async () => {
    const { root, dataset } = await setup()
    await mkdir(join(root, 'raw/wave'), { recursive: true })
    await writeFile(join(root, 'raw/wave/01.csv'), 'timestamp,x\n0,1\n10,2\n')
    await writeFile(join(root, 'raw/README.md'), '# notes')
    const report = await dataset.importPaths([join(root, 'raw')], { labelFrom: 'folder' })
    expect(report.added.map((m) => m.label)).toEqual(['wave'])
  })

  it('refuses values that do not match the shape, and deleted values files are purged when the project reopens', async () => {
    const { project, dataset } = await setup()
    await expect(dataset.add([{ ...series('x'), length: 7 }])).rejects.toMatchObject({
      code: DatasetErrorCode.InvalidSample,
    })
    const [m] = await dataset.add([series('x')])
    await dataset.remove([m!.id])
    const dir = project.store().dir
    expect(await readdir(join(dir, 'data/samples'))).toHaveLength(1)
    await project.open(dir)
    await dataset.list()
    expect(await readdir(join(dir, 'data/samples'))).toHaveLength(0)
  })
})
