import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DatasetErrorCode } from '../../../../src/shared/api/dataset'
import { MoteFailure } from '../../../../src/shared/errors'
import { digitsCsv, generateDigitsTable } from '../../../../src/core/demo/digits'
import { planImport } from '../../../../src/core/dataset/import-files'
import { DatasetService } from '../../../../src/main/services/dataset/dataset-service'
import { memorySources } from '../../../../src/main/services/dataset/import-paths'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'

const encode = (text: string) => new TextEncoder().encode(text)

async function openDataset() {
  const root = await mkdtemp(join(tmpdir(), 'mote-table-'))
  const project = new ProjectService({ fs: nodeFileSystem, configDir: join(root, 'cfg'), appVersion: '0' })
  await project.create({ dir: join(root, 'p'), name: 'P' })
  return new DatasetService({ project, fs: nodeFileSystem })
}

/** A table of `rows` rows of 8 features and five classes, as CSV (an LCG, so the test needs no files). */
function wideTable(rows: number): string {
  const lines = ['a,b,c,d,e,f,g,h,class']
  let s = 1
  for (let r = 0; r < rows; r++) {
    const cells: string[] = []
    for (let i = 0; i < 8; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0
      cells.push(((s >>> 8) / 2 ** 21).toFixed(3))
    }
    lines.push(`${cells.join(',')},k${r % 5}`)
  }
  return lines.join('\n') + '\n'
}

describe('importing tables into a project', () => {
  it('imports a digits table through the service: one one-frame sample per row, values and labels as generated', async () => {
    const dataset = await openDataset()
    const digits = generateDigitsTable({ perClass: 30 })
    const report = await dataset.importFiles([{ name: 'digits.csv', bytes: encode(digitsCsv(digits)) }], {
      labelColumn: 'label',
    })
    expect(report.added).toHaveLength(300)
    const counts = await dataset.counts()
    expect(counts.labels.map((l) => [l.label, l.training, l.testing])).toEqual(
      Array.from({ length: 10 }, (_, d) => [String(d), 24, 6]),
    )
    const row = 123
    const sample = await dataset.read(report.added[row]!.id)
    expect(sample.meta).toMatchObject({ kind: 'timeseries', length: 1, label: String(digits.y[row]) })
    expect(Array.from(sample.values)).toEqual(Array.from(digits.x.subarray(row * 64, (row + 1) * 64)))
  })

  it('refuses a label column of one class through the service, and imports nothing', async () => {
    const dataset = await openDataset()
    const text = 'x,y,label\n1,2,a\n3,4,a\n'
    const error = await dataset
      .importFiles([{ name: 't.csv', bytes: encode(text) }], { labelColumn: 'label' })
      .catch((e: unknown) => e as MoteFailure)
    expect(error).toBeInstanceOf(MoteFailure)
    expect((error as MoteFailure).code).toBe(DatasetErrorCode.OneClass)
    expect(await dataset.list()).toEqual([])
  })

  it('reads a 100 000-row table in many turns of the event loop, not in one block', async () => {
    const bytes = encode(wideTable(100_000))
    let turns = 0
    let counting = true
    const count = () => {
      turns++
      if (counting) setImmediate(count)
    }
    setImmediate(count)
    const plan = await planImport(memorySources([{ name: 'wide.csv', bytes }]), { labelColumn: 'class' }, [])
    counting = false
    expect(plan.samples).toHaveLength(100_000)
    expect(plan.samples.filter((s) => s.label === 'k3' && s.category === 'testing')).toHaveLength(4000)
    // 5 MB in chunks of 256 KiB, each decoded in a turn of its own: the loop turned at least once per chunk.
    expect(turns).toBeGreaterThanOrEqual(Math.floor(bytes.length / (1 << 18)))
  })
})
