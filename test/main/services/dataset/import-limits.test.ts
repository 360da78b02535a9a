import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DatasetErrorCode, datasetContract, type ImportFile } from '../../../../src/shared/api/dataset'
import { ServiceRouter } from '../../../../src/main/rpc/service-router'
import { DatasetService } from '../../../../src/main/services/dataset/dataset-service'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { eiJson, grayPng, toneWav } from '../../../core/dataset/import-fixtures'

async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'mote-import-limits-'))
  const project = new ProjectService({ fs: nodeFileSystem, configDir: join(root, 'cfg'), appVersion: '0' })
  await project.create({ dir: join(root, 'p'), name: 'P' })
  const dataset = new DatasetService({ project, fs: nodeFileSystem })
  const valuesFiles = async () =>
    (await readdir(join(project.store().dir, 'data/samples')).catch(() => [])).length
  return { root, project, dataset, valuesFiles }
}

const text = (s: string) => new TextEncoder().encode(s)
const GOOD: ImportFile = { name: 'idle.1.csv', bytes: text('timestamp,x\n0,1\n10,2\n') }

/**
 * Each file breaks one limit of a stored sample. Imported beside a good file, the import must stop with a
 * sentence naming the file and where (never a raw schema dump), and leave no values file behind.
 */
const overLimit: { what: string; file: ImportFile; message: RegExp }[] = [
  {
    what: 'a WAV at 2 MHz',
    file: { name: 'chirp.wav', bytes: toneWav(2_000_000) },
    message: /^chirp\.wav, byte 24: the audio is at 2000000 Hz, above the 1000000 Hz .*--rate/,
  },
  {
    what: 'a WAV at 4 GHz',
    file: { name: 'chirp.wav', bytes: toneWav(4_000_000_000) },
    message: /^chirp\.wav, byte 24: the audio is at 4000000000 Hz, above the 1000000 Hz/,
  },
  {
    what: 'a CSV with 65 value columns',
    file: {
      name: 'wide.csv',
      bytes: text(
        `timestamp,${Array.from({ length: 65 }, (_, i) => `a${i}`).join(',')}\n0,${'1,'.repeat(64)}1\n`,
      ),
    },
    message: /^wide\.csv, line 1: the header names 65 value columns; a sample has at most 64 axes/,
  },
  {
    what: 'a 65-character axis name',
    file: { name: 'long.csv', bytes: text(`timestamp,${'x'.repeat(65)}\n0,1\n10,2\n`) },
    message: /^long\.csv, line 1: the name of column 2 \("x{20}…"\) has 65 characters; at most 64/,
  },
  {
    what: 'a CSV whose timestamps give a rate above the limit',
    file: { name: 'fast.csv', bytes: text('timestamp,x\n0,1\n0.0001,2\n') },
    message: /^fast\.csv, lines 2–3: the timestamps give 10000000 Hz, above the 1000000 Hz/,
  },
  {
    what: 'an Edge Impulse JSON with a tiny interval',
    file: { name: 'tiny.json', bytes: text(eiJson({ interval_ms: 1e-9 })) },
    message:
      /^tiny\.json, payload\.interval_ms: an interval of 1e-9 ms is 1000000000000 Hz, above the 1000000 Hz/,
  },
  {
    what: 'a PNG of zero size',
    file: { name: 'dot.png', bytes: grayPng(0, 0) },
    message: /^dot\.png, byte 16: the image is 0×0 pixels; an image has at least one pixel/,
  },
  {
    what: 'a PNG zero pixels wide',
    file: { name: 'line.png', bytes: grayPng(0, 10) },
    message: /^line\.png, byte 16: the image is 0×10 pixels/,
  },
  {
    what: 'an axis unit of 33 characters',
    file: { name: 'unit.csv', bytes: text(`timestamp,x (${'u'.repeat(33)})\n0,1\n10,2\n`) },
    message: /^unit\.csv, line 1: the unit of column 2 \("u{20}…"\) has 33 characters; at most 32/,
  },
]

describe('imports check the limits of a sample while reading, before anything is written', () => {
  for (const { what, file, message } of overLimit) {
    it(`refuses ${what} by name, with no values file left`, async () => {
      const { dataset, valuesFiles } = await setup()
      const failure = await dataset.importFiles([GOOD, file], {}).catch((e: unknown) => e)
      expect(failure).toMatchObject({ code: DatasetErrorCode.ImportFailed, message })
      expect(JSON.stringify(failure)).not.toMatch(/too_big|too_small|"origin"/)
      expect(await dataset.list()).toEqual([])
      expect(await valuesFiles()).toBe(0)
      const report = await dataset.importFiles([GOOD, file], { skipBroken: true })
      expect(report.added).toHaveLength(1)
      expect(report.failed[0]!.message).toMatch(message)
      expect(await valuesFiles()).toBe(1)
    })
  }

  it('refuses a resampling rate above the limit before reading any file, over the API too', async () => {
    const { dataset, valuesFiles } = await setup()
    const wav: ImportFile = { name: 'yes.wav', bytes: toneWav(16000) }
    await expect(dataset.importFiles([wav], { rateHz: 5_000_000 })).rejects.toMatchObject({
      code: DatasetErrorCode.ImportFailed,
      message: expect.stringMatching(/^The rate to import at, 5000000 Hz, is above the 1000000 Hz/),
    })
    expect(await valuesFiles()).toBe(0)
  })

  it('refuses a resampling rate that leaves less than one frame, naming the file', async () => {
    const { dataset, valuesFiles } = await setup()
    const wav: ImportFile = { name: 'yes.wav', bytes: toneWav(16000, 1600) }
    await expect(dataset.importFiles([wav], { rateHz: 0.001 })).rejects.toMatchObject({
      code: DatasetErrorCode.ImportFailed,
      message: expect.stringMatching(/^yes\.wav: resampled to 0\.001 Hz, its 0\.1 s of audio .* no frame/),
    })
    expect(await valuesFiles()).toBe(0)
  })

  it('keeps the end of a path longer than a source may be (a 590-character folder path imports)', async () => {
    const { root, dataset } = await setup()
    const dir = join(root, 'd'.repeat(200), 'e'.repeat(200), 'f'.repeat(150))
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'wave.1.csv'), 'timestamp,x\n0,1\n10,2\n')
    const report = await dataset.importPaths([join(root, 'd'.repeat(200))], {})
    expect(report.added).toHaveLength(1)
    const source = report.added[0]!.source
    expect(source.length).toBeLessThanOrEqual(512)
    expect(source.startsWith('…')).toBe(true)
    expect(source.endsWith(`${'f'.repeat(150)}/wave.1.csv`)).toBe(true)
  })

  it('imports a file whose name is 600 characters long over the API, its source shortened', async () => {
    const { dataset } = await setup()
    const router = new ServiceRouter()
    router.register(datasetContract, dataset)
    const name = `${'n'.repeat(590)}/wave.1.csv`
    const result = await router.dispatch('mote:dataset:importFiles', [[{ ...GOOD, name }], {}])
    expect(result).toMatchObject({ ok: true })
    expect((await dataset.list())[0]!.source).toMatch(/^…n+\/wave\.1\.csv$/)
  })

  it('refuses a label taken from a file name longer than a label may be, suggesting --label', async () => {
    const { dataset } = await setup()
    await expect(
      dataset.importFiles([{ ...GOOD, name: `${'w'.repeat(129)}.csv` }], {}),
    ).rejects.toMatchObject({
      message: expect.stringMatching(
        /^w+\.csv: the label from its name has 129 characters; at most 128.*--label/,
      ),
    })
  })
})

describe('labels with control characters', () => {
  for (const [what, body, shown] of [
    ['BEL', 'a\x07b', 'a\\u0007b'],
    ['CR', '"a\rb"', 'a\\rb'],
  ] as const) {
    it(`refuses a CSV label holding ${what}, naming the file and line`, async () => {
      const { dataset, valuesFiles } = await setup()
      const file = { name: 'bell.csv', bytes: text(`timestamp,x,label\n0,1,ok\n10,2,ok\n20,3,${body}\n`) }
      const failure = await dataset.importFiles([file], {}).catch((e: unknown) => e)
      expect(failure).toMatchObject({ code: DatasetErrorCode.ImportFailed })
      expect((failure as Error).message).toContain(
        `bell.csv, line 4: the label "${shown}" holds a control character`,
      )
      expect(await valuesFiles()).toBe(0)
    })
  }

  it('refuses a label from a file name that holds a control character', async () => {
    const { dataset } = await setup()
    await expect(dataset.importFiles([{ ...GOOD, name: 'id\x07le.1.csv' }], {})).rejects.toMatchObject({
      message: expect.stringContaining('the label from its name "id\\u0007le" holds a control character'),
    })
  })
})
