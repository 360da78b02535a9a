import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DatasetErrorCode, type NewSample } from '../../../../src/shared/api/dataset'
import type { DesignInput } from '../../../../src/core/train/design'
import { DatasetService } from '../../../../src/main/services/dataset/dataset-service'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'

const DESIGN: DesignInput = { kind: 'timeseries', rateHz: 100, axes: ['accX', 'accY'] }

async function setup(design: DesignInput | null = DESIGN) {
  const root = await mkdtemp(join(tmpdir(), 'mote-design-fit-'))
  const project = new ProjectService({ fs: nodeFileSystem, configDir: join(root, 'cfg'), appVersion: '0' })
  await project.create({ dir: join(root, 'p'), name: 'P' })
  const dataset = new DatasetService({ project, fs: nodeFileSystem, designInput: async () => design })
  return { dataset }
}

/** Two axes of sines at 2 Hz and 3 Hz, `seconds` long at `rateHz`, named `names`. */
function recording(rateHz: number, names: readonly string[], seconds = 2): NewSample {
  const length = Math.round(seconds * rateHz)
  const values = new Float32Array(length * 2)
  for (let t = 0; t < length; t++) {
    values[t * 2] = Math.sin((2 * Math.PI * 2 * t) / rateHz)
    values[t * 2 + 1] = Math.cos((2 * Math.PI * 3 * t) / rateHz)
  }
  return {
    kind: 'timeseries',
    label: 'wave',
    rateHz,
    axes: names.map((name) => ({ name, unit: 'g' })),
    length,
    source: 'test board',
    values,
  }
}

describe('samples against the design’s input', () => {
  it('lists the samples that differ from the design, saying how: axis names, rate, kind', async () => {
    const { dataset } = await setup()
    const [fits, renamed, slower] = await dataset.add([
      recording(100, ['accX', 'accY']),
      recording(100, ['x', 'y']),
      recording(50, ['accX', 'accY']),
    ])
    expect(await dataset.mismatches()).toEqual([
      { id: renamed!.id, mismatch: { axes: { sample: ['x', 'y'], design: ['accX', 'accY'] } } },
      { id: slower!.id, mismatch: { rateHz: { sample: 50, design: 100 } } },
    ])
    expect(await dataset.mismatches([fits!.id, slower!.id])).toEqual([
      { id: slower!.id, mismatch: { rateHz: { sample: 50, design: 100 } } },
    ])
  })

  it('finds no mismatch while the project has no design', async () => {
    const { dataset } = await setup(null)
    await dataset.add([recording(50, ['x', 'y'])])
    expect(await dataset.mismatches()).toEqual([])
  })

  it('renames the axes to the design’s, keeping units and values, and undo brings the old names back', async () => {
    const { dataset } = await setup()
    const [meta] = await dataset.add([recording(100, ['x', 'y'])])
    const before = await dataset.read(meta!.id)
    await dataset.renameAxes([meta!.id], ['accX', 'accY'])
    const after = await dataset.read(meta!.id)
    expect(after.meta.axes).toEqual([
      { name: 'accX', unit: 'g' },
      { name: 'accY', unit: 'g' },
    ])
    expect(Array.from(after.values)).toEqual(Array.from(before.values))
    expect(await dataset.mismatches()).toEqual([])
    expect(await dataset.lastUndo()).toMatchObject({ action: 'rename-axes', count: 1 })
    await dataset.undo()
    expect((await dataset.read(meta!.id)).meta.axes.map((a) => a.name)).toEqual(['x', 'y'])
  })

  it('refuses names that do not fit the sample’s axes, changing nothing', async () => {
    const { dataset } = await setup()
    const [meta] = await dataset.add([recording(100, ['x', 'y'])])
    await expect(dataset.renameAxes([meta!.id], ['a', 'b', 'c'])).rejects.toMatchObject({
      code: DatasetErrorCode.InvalidEdit,
      message: `Sample ${meta!.id} has 2 axes; give 2 non-empty names to rename them.`,
    })
    expect((await dataset.read(meta!.id)).meta.axes.map((a) => a.name)).toEqual(['x', 'y'])
  })

  it('resamples a 50 Hz recording to the design’s 100 Hz: the same signal at twice the frames, undoable', async () => {
    const { dataset } = await setup()
    const [meta] = await dataset.add([recording(50, ['accX', 'accY'], 4)])
    await dataset.resample([meta!.id], 100)
    const after = await dataset.read(meta!.id)
    expect([after.meta.rateHz, after.meta.length]).toEqual([100, 400])
    // Away from the ends (where the filter sees zeros beyond the signal) it is the 100 Hz recording.
    const reference = recording(100, ['accX', 'accY'], 4).values
    let worst = 0
    for (let i = 2 * 40; i < 2 * 360; i++) worst = Math.max(worst, Math.abs(after.values[i]! - reference[i]!))
    expect(worst).toBeLessThan(2e-3)
    expect(await dataset.mismatches()).toEqual([])
    await dataset.undo()
    expect((await dataset.read(meta!.id)).meta).toMatchObject({ rateHz: 50, length: 200 })
  })

  it('refuses to resample an image', async () => {
    const { dataset } = await setup()
    const [image] = await dataset.add([
      {
        kind: 'image',
        label: 'cat',
        rateHz: 0,
        axes: ['R', 'G', 'B'].map((name) => ({ name, unit: '' })),
        length: 4,
        image: { width: 2, height: 2 },
        source: 'test',
        values: new Float32Array(12),
      },
    ])
    await expect(dataset.resample([image!.id], 100)).rejects.toMatchObject({
      code: DatasetErrorCode.InvalidEdit,
    })
  })
})
