import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DatasetErrorCode } from '../../../../src/shared/api/dataset'
import { DatasetService } from '../../../../src/main/services/dataset/dataset-service'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem, type FileSystem } from '../../../../src/main/services/system/file-system'
import { mote } from '../../../cli/cli-helpers'

const SERIES = 'timestamp,x,y\n0,1,2\n10,3,4\n20,5,6\n'

/** `<root>/raw/<label>/<label>_00k.csv` for each label, the layout many recording tools write. */
async function labelFolders(root: string, labels: readonly string[], perLabel = 3): Promise<string> {
  const raw = join(root, 'raw')
  for (const label of labels) {
    await mkdir(join(raw, label), { recursive: true })
    for (let k = 1; k <= perLabel; k++)
      await writeFile(join(raw, label, `${label}_${String(k).padStart(3, '0')}.csv`), SERIES)
  }
  return raw
}

async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'mote-import-folders-'))
  const project = new ProjectService({ fs: nodeFileSystem, configDir: join(root, 'cfg'), appVersion: '0' })
  await project.create({ dir: join(root, 'p'), name: 'P' })
  const dataset = new DatasetService({ project, fs: nodeFileSystem })
  const valuesFiles = async () =>
    (await readdir(join(project.store().dir, 'data/samples')).catch(() => [])).length
  return { root, dataset, valuesFiles }
}

describe('numbered files in label folders', () => {
  it('stop an import by name by default and suggest labels from the folders', async () => {
    const { root, dataset } = await setup()
    const raw = await labelFolders(root, ['wave', 'idle'])
    const failure = await dataset.importPaths([raw], {}).catch((e: unknown) => e)
    expect(failure).toMatchObject({
      code: DatasetErrorCode.LabelsFromFolders,
      message: expect.stringMatching(
        /^6 files would each get a label of their own from their names \(idle_001, idle_002, idle_003, …\), though they sit in folders that look like labels \(idle, wave\)\. Take the labels from the folders \(--label-from folder/,
      ),
    })
    expect(await dataset.list()).toEqual([])
  })

  it('import with labels from folders when asked, and with their own names when asked explicitly', async () => {
    const { root, dataset } = await setup()
    const raw = await labelFolders(root, ['wave', 'idle'])
    const byFolder = await dataset.importPaths([raw], { labelFrom: 'folder' })
    expect(byFolder.added.map((m) => m.label).sort()).toEqual([
      'idle',
      'idle',
      'idle',
      'wave',
      'wave',
      'wave',
    ])
    const byName = await dataset.importPaths([raw], { labelFrom: 'name' })
    expect(new Set(byName.added.map((m) => m.label)).size).toBe(6)
  })

  it('do not trouble exported folders or files named by label, whose names repeat labels', async () => {
    const { root, dataset } = await setup()
    const dir = join(root, 'export', 'training')
    await mkdir(dir, { recursive: true })
    for (const name of ['wave.s-1.csv', 'wave.s-2.csv', 'idle.s-3.csv', 'circle.csv'])
      await writeFile(join(dir, name), SERIES)
    const report = await dataset.importPaths([join(root, 'export')], {})
    expect(report.added.map((m) => m.label).sort()).toEqual(['circle', 'idle', 'wave', 'wave'])
  })
})

describe('files in a folder that are not sample data', () => {
  async function folderWithStrays(root: string): Promise<string> {
    const raw = join(root, 'raw')
    await mkdir(join(raw, 'wave'), { recursive: true })
    await writeFile(join(raw, 'wave', 'wave.1.csv'), SERIES)
    await writeFile(join(raw, 'wave', 'wave.2.csv'), SERIES)
    await writeFile(join(raw, 'labels.csv'), 'file,label\nwave.1.csv,wave\nwave.2.csv,wave\n')
    await writeFile(join(raw, 'README.md'), '# recordings\n')
    await writeFile(join(raw, '.DS_Store'), 'x')
    return raw
  }

  it('are skipped and listed with the reason, and the samples beside them imported', async () => {
    const { root, dataset } = await setup()
    const report = await dataset.importPaths([await folderWithStrays(root)], {})
    expect(report.added).toHaveLength(2)
    expect(report.failed).toEqual([])
    expect(report.skipped).toEqual([
      {
        name: 'raw/README.md',
        message: expect.stringMatching(/^raw\/README\.md: Mote imports \.csv, .*not "\.md"/),
      },
      {
        name: 'raw/labels.csv',
        message: 'raw/labels.csv, line 2: not sample data (the value of file "wave.1.csv" is not a number)',
      },
    ])
  })

  it('stop the import when asked to be strict, and nothing is written', async () => {
    const { root, dataset, valuesFiles } = await setup()
    await expect(dataset.importPaths([await folderWithStrays(root)], { strict: true })).rejects.toMatchObject(
      {
        code: DatasetErrorCode.ImportFailed,
        message: expect.stringMatching(/^raw\/README\.md: .* \(and 1 more files\) Nothing was imported\.$/),
      },
    )
    expect(await valuesFiles()).toBe(0)
  })

  it('are skipped over the API too (a folder picked in the browser sends every file)', async () => {
    const { dataset } = await setup()
    const enc = (s: string) => new TextEncoder().encode(s)
    const report = await dataset.importFiles(
      [
        { name: 'raw/wave.1.csv', bytes: enc(SERIES) },
        { name: 'raw/summary.csv', bytes: enc('class,count,comment\nwave,30,fine\n') },
        { name: 'raw/notes.txt', bytes: enc('hello') },
        { name: 'raw/index.json', bytes: enc('{"files": []}') },
      ],
      {},
    )
    expect(report.added).toHaveLength(1)
    expect(report.skipped.map((s) => s.name)).toEqual(['raw/summary.csv', 'raw/notes.txt', 'raw/index.json'])
  })

  it('make an import of nothing but such files a failure, not a success that adds nothing', async () => {
    const { dataset } = await setup()
    const enc = (s: string) => new TextEncoder().encode(s)
    await expect(
      dataset.importFiles([{ name: 'labels.csv', bytes: enc('file,label\na.wav,yes\n') }], {}),
    ).rejects.toMatchObject({
      code: DatasetErrorCode.ImportFailed,
      message: expect.stringMatching(
        /^None of the 1 files holds samples Mote can import: labels\.csv, line 2: not sample data/,
      ),
    })
  })
})

describe('mote import', () => {
  it('refuses --rate above the limit as a usage error, and suggests --label-from folder for label folders', async () => {
    const work = await mkdtemp(join(tmpdir(), 'mote-import-cli-'))
    const env = { MOTE_CONFIG_DIR: join(work, 'cfg') }
    const project = join(work, 'p')
    expect((await mote(['project', 'new', project], env)).code).toBe(0)
    const raw = await labelFolders(work, ['wave', 'idle'])
    const rate = await mote(['import', raw, '--project', project, '--rate', '5000000'], env)
    expect(rate.code).toBe(2)
    expect(rate.stderr).toContain(
      'The rate to import at, 5000000 Hz, is above the 1000000 Hz a sample may have.',
    )
    const folders = await mote(['import', raw, '--project', project], env)
    expect(folders.code).toBe(1)
    expect(folders.stderr).toContain('--label-from folder')
    expect(folders.stderr).not.toMatch(/Unexpected error|at .*\.ts:\d+/)
  }, 120_000)
})

describe('a file that cannot be read', () => {
  it('is a broken file named with the reason, not an unexpected error', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mote-import-unreadable-'))
    const denied: FileSystem = {
      ...nodeFileSystem,
      open: (async (path: string, ...rest: [string?, number?]) => {
        if (String(path).endsWith('b.1.csv'))
          throw Object.assign(new Error('permission denied'), { code: 'EACCES' })
        return nodeFileSystem.open(path, ...rest)
      }) as FileSystem['open'],
    }
    const project = new ProjectService({ fs: nodeFileSystem, configDir: join(root, 'cfg'), appVersion: '0' })
    await project.create({ dir: join(root, 'p'), name: 'P' })
    const dataset = new DatasetService({ project, fs: denied })
    await mkdir(join(root, 'raw'))
    await writeFile(join(root, 'raw', 'a.1.csv'), SERIES)
    await writeFile(join(root, 'raw', 'b.1.csv'), SERIES)
    await expect(dataset.importPaths([join(root, 'raw')], {})).rejects.toMatchObject({
      code: DatasetErrorCode.ImportFailed,
      message:
        'raw/b.1.csv: the file cannot be read (EACCES). Check that it is still there and readable. Nothing was imported.',
    })
  })
})

describe('a path that is not a file', () => {
  it('is refused at once when it is a pipe, instead of waiting for a writer for ever', async () => {
    const { root, dataset } = await setup()
    const pipe = join(root, 'wave.1.csv')
    execFileSync('mkfifo', [pipe])
    await expect(dataset.importPaths([pipe], {})).rejects.toMatchObject({
      code: DatasetErrorCode.ImportFailed,
      message: `${pipe} is neither a file nor a folder (a device or a pipe). Mote imports files and folders of them.`,
    })
  })
})
