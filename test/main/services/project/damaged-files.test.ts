import { ProjectErrorCode } from '../../../../src/shared/api/project'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProjectFiles } from '../../../../src/main/services/train/project-files'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { failure, projectWithDataset, snapshotTree, wave } from './project-fixtures'

/** A project with two samples, closed, whose data/index.json is then replaced by `damage(original)`. */
async function withIndex(damage: (original: string) => string) {
  const setup = await projectWithDataset('mote-damaged-')
  await setup.dataset.add([wave('idle'), wave('wave')])
  await setup.project.close()
  const path = join(setup.dir, 'data/index.json')
  await writeFile(path, damage(await readFile(path, 'utf8')))
  return { ...setup, before: await snapshotTree(setup.dir) }
}

describe('damaged project files', () => {
  it('says mote.json is damaged when it is a folder, instead of a raw EISDIR', async () => {
    const { dir, project } = await projectWithDataset('mote-damaged-')
    await project.close()
    await rm(join(dir, 'mote.json'))
    await mkdir(join(dir, 'mote.json'))
    await writeFile(join(dir, 'mote.json/keep.txt'), 'mine')
    const before = await snapshotTree(dir)
    const error = await failure(project.open(dir))
    expect(error.code).toBe(ProjectErrorCode.Corrupt)
    expect(error.message).toBe(
      `The project file mote.json in ${dir} is damaged (it is a folder, not a file). It was left untouched: ` +
        'restore it from a backup or fix it by hand, then open the project again.',
    )
    expect(await snapshotTree(dir)).toEqual(before)
  })

  it('opens a mote.json saved with a UTF-8 byte-order mark, and finds damage on the right line', async () => {
    const { dir, project } = await projectWithDataset('mote-damaged-')
    await project.close()
    const text = await readFile(join(dir, 'mote.json'), 'utf8')
    await writeFile(join(dir, 'mote.json'), '\uFEFF' + text)
    expect((await project.open(dir)).name).toBe('P')
    await project.close()
    const broken = '\uFEFF' + text.replace('"name": "P"', '"name": P')
    await writeFile(join(dir, 'mote.json'), broken)
    expect((await failure(project.open(dir))).message).toMatch(
      /damaged \(not valid JSON at line 5, column 11/,
    )
    expect(await readFile(join(dir, 'mote.json'), 'utf8')).toBe(broken)
  })

  it('says data/index.json is damaged when it is cut short, and neither writes nor deletes anything', async () => {
    const { dir, project, dataset, before } = await withIndex((text) => text.slice(0, text.length / 2))
    await project.open(dir)
    const error = await failure(dataset.list())
    expect(error.code).toBe(ProjectErrorCode.Corrupt)
    expect(error.message).toMatch(
      new RegExp(`^The project file data/index.json in ${dir} is damaged \\(not valid JSON at line \\d+`),
    )
    expect(error.message).toMatch(/It was left untouched/)
    await failure(dataset.add([wave('more')]))
    await failure(dataset.importFiles([{ name: 'x.csv', bytes: new TextEncoder().encode('a\n1\n') }], {}))
    expect(await snapshotTree(dir)).toEqual(before)
  })

  it('says data/index.json comes from a newer Mote Studio, and leaves it and the values alone', async () => {
    const { dir, project, dataset, before } = await withIndex((text) =>
      text.replace('"version": 1', '"version": 2'),
    )
    await project.open(dir)
    const error = await failure(dataset.counts())
    expect(error.code).toBe(ProjectErrorCode.TooNew)
    expect(error.message).toBe(
      `The project file data/index.json in ${dir} was saved by a newer Mote Studio (format 2; this version ` +
        'reads up to 1). Update Mote Studio to open it; the project was not changed.',
    )
    await failure(dataset.add([wave('more')]))
    expect(await snapshotTree(dir)).toEqual(before)
  })

  it('names the field of data/index.json that has the wrong type', async () => {
    const { dir, project, dataset, before } = await withIndex((text) =>
      text.replace('"rateHz": 50', '"rateHz": "fast"'),
    )
    await project.open(dir)
    expect((await failure(dataset.list())).message).toMatch(
      /data\/index.json .* is damaged \(samples\.0\.rateHz: .*expected number/,
    )
    expect(await snapshotTree(dir)).toEqual(before)
  })

  it('gives training the same sentence for a damaged index', async () => {
    const { dir } = await withIndex((text) => text.slice(0, 10))
    const error = await failure(new ProjectFiles(dir, nodeFileSystem).listSamples())
    expect(error.code).toBe(ProjectErrorCode.Corrupt)
    expect(error.message).toMatch(/^The project file data\/index.json in .* is damaged/)
  })

  it('says so when data/index.json is a folder, or data/ is a file', async () => {
    const first = await projectWithDataset('mote-damaged-')
    await first.project.close()
    await mkdir(join(first.dir, 'data/index.json'))
    await first.project.open(first.dir)
    expect((await failure(first.dataset.list())).message).toMatch(
      /data\/index.json in .* is damaged \(it is a folder, not a file\)/,
    )
    const second = await projectWithDataset('mote-damaged-')
    await second.project.close()
    await rm(join(second.dir, 'data'), { recursive: true })
    await writeFile(join(second.dir, 'data'), 'not a folder')
    const before = await snapshotTree(second.dir)
    expect((await failure(second.project.open(second.dir))).message).toMatch(
      /The project file data in .* is damaged \(it is a file where a folder should be\)/,
    )
    expect(await snapshotTree(second.dir)).toEqual(before)
  })
})
