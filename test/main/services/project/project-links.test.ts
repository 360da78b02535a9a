import { ProjectErrorCode } from '../../../../src/shared/api/project'
import { mkdir, mkdtemp, readFile, rename, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { failure, projectWithDataset, snapshotTree, wave } from './project-fixtures'

/** A project with one sample whose data/samples folder was moved outside and replaced by a link to it. */
async function linkedSamples() {
  const setup = await projectWithDataset('mote-links-')
  const [kept] = await setup.dataset.add([wave('idle')])
  await setup.project.close()
  const outside = await mkdtemp(join(tmpdir(), 'mote-outside-'))
  await rename(join(setup.dir, 'data/samples'), join(outside, 'samples'))
  await symlink(join(outside, 'samples'), join(setup.dir, 'data/samples'))
  // Someone else's file that looks like an orphan values file.
  await writeFile(join(outside, 'samples/s-unrelated-0123456789.f32'), new Uint8Array(12))
  return { ...setup, outside, kept: kept! }
}

describe('links inside a project folder', () => {
  it('never deletes a file behind a linked data/samples when the project is opened (orphan purge)', async () => {
    const { dir, project, dataset, outside, kept } = await linkedSamples()
    const before = await snapshotTree(outside)
    await project.open(dir)
    expect((await dataset.list()).map((m) => m.id)).toEqual([kept.id])
    expect((await dataset.read(kept.id)).values).toHaveLength(60)
    expect(await snapshotTree(outside)).toEqual(before)
  })

  it('refuses to add or import samples through a linked data/samples, writing nothing outside', async () => {
    const { dir, project, dataset, outside } = await linkedSamples()
    const before = await snapshotTree(outside)
    await project.open(dir)
    const error = await failure(dataset.add([wave('more')]))
    expect(error.code).toBe(ProjectErrorCode.InvalidPath)
    expect(error.message).toBe(
      `data/samples in the project ${dir} is a link to ${join(outside, 'samples')}. Mote writes and deletes only ` +
        'inside the project folder itself: replace the link with a real folder or file, then try again.',
    )
    const csv = new TextEncoder().encode('timestamp,x\n0,1\n10,2\n20,3\n')
    expect((await failure(dataset.importFiles([{ name: 'tap.csv', bytes: csv }], {}))).code).toBe(
      ProjectErrorCode.InvalidPath,
    )
    expect(await snapshotTree(outside)).toEqual(before)
  })

  it('refuses to replace a project file that is a link, leaving the file it points to alone', async () => {
    const { dir, project } = await projectWithDataset('mote-links-')
    const outside = await mkdtemp(join(tmpdir(), 'mote-outside-'))
    await writeFile(join(outside, 'design.json'), '{"theirs": true}')
    await symlink(join(outside, 'design.json'), join(dir, 'design.json'))
    const error = await failure(project.store().writeJson('design.json', { ours: true }))
    expect(error.message).toMatch(/^design.json in the project .* is a link to /)
    await failure(project.store().remove('design.json'))
    expect(await readFile(join(outside, 'design.json'), 'utf8')).toBe('{"theirs": true}')
  })

  it('works as usual in a project folder that is itself reached through a link', async () => {
    const real = await mkdtemp(join(tmpdir(), 'mote-real-'))
    const alias = join(await mkdtemp(join(tmpdir(), 'mote-alias-')), 'project')
    await mkdir(join(real, 'p'))
    await symlink(join(real, 'p'), alias)
    const { project, dataset } = await projectWithDataset('mote-links-')
    await project.create({ dir: alias, name: 'Aliased' })
    const [added] = await dataset.add([wave('idle')])
    await dataset.remove([added!.id])
    await dataset.undo()
    expect((await dataset.list()).map((m) => m.label)).toEqual(['idle'])
    expect(await readFile(join(real, 'p/data/samples', `${added!.id}.f32`))).toHaveLength(240)
  })
})
