import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DatasetErrorCode } from '../../../../src/shared/api/dataset'
import { failure, projectWithDataset, snapshotTree, wave } from '../project/project-fixtures'

/** A project with two samples, an export folder holding one export, and a folder outside with a precious file. */
async function exported() {
  const setup = await projectWithDataset('mote-export-')
  await setup.dataset.add([
    { ...wave('idle'), category: 'training' },
    { ...wave('wave'), category: 'testing' },
  ])
  const out = join(setup.root, 'export')
  await setup.dataset.exportTo(out, 'csv')
  const outside = await mkdtemp(join(tmpdir(), 'mote-outside-'))
  await writeFile(join(outside, 'precious.txt'), 'mine')
  return { ...setup, out, outside }
}

describe('export and links', () => {
  it('refuses to export over a link named like an export file, writing nothing', async () => {
    const { dataset, out, outside } = await exported()
    const [name] = await readdir(join(out, 'training'))
    await rm(join(out, 'training', name!))
    await symlink(join(outside, 'precious.txt'), join(out, 'training', name!))
    const before = await snapshotTree(out)
    const error = await failure(dataset.exportTo(out, 'csv'))
    expect(error.code).toBe(DatasetErrorCode.ExportFailed)
    expect(error.message).toBe(
      `${join(out, 'training', name!)} is a link to ${join(outside, 'precious.txt')}. Mote does not write ` +
        `through links, so that nothing outside ${out} is changed: remove the link or export to another folder.`,
    )
    expect(await readFile(join(outside, 'precious.txt'), 'utf8')).toBe('mine')
    expect(await snapshotTree(out)).toEqual(before)
  })

  it('refuses a category folder that is a link to somewhere else', async () => {
    const { dataset, root, outside } = await exported()
    const out = join(root, 'second')
    await mkdir(out)
    await symlink(outside, join(out, 'testing'))
    expect((await failure(dataset.exportTo(out, 'ei-json'))).message).toMatch(
      `${join(out, 'testing')} is a link to ${outside}.`,
    )
    expect(await readdir(outside)).toEqual(['precious.txt'])
    expect(await readdir(out)).toEqual(['testing'])
  })

  it('exports into a chosen folder that is itself a link (the user chose where it leads)', async () => {
    const { dataset, root, outside } = await exported()
    const alias = join(root, 'alias')
    await symlink(outside, alias)
    expect(await dataset.exportTo(alias, 'csv')).toEqual({ dir: alias, files: 2, samples: 2 })
    expect((await readdir(outside)).sort()).toEqual(['precious.txt', 'testing', 'training'])
  })

  it('says so when a file stands where a category folder should be', async () => {
    const { dataset, root } = await exported()
    const out = join(root, 'third')
    await mkdir(out)
    await writeFile(join(out, 'training'), 'a file')
    expect((await failure(dataset.exportTo(out, 'csv'))).message).toBe(
      `${join(out, 'training')} is a file where the export needs a folder; move it away or export elsewhere.`,
    )
  })
})
