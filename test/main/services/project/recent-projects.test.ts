import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { ProjectErrorCode } from '../../../../src/shared/api/project'
import { failure, snapshotTree } from './project-fixtures'

/** A project service whose config folder holds `recent-projects.json` made by `makeList`. */
async function withRecentList(makeList: (path: string) => Promise<void>) {
  const root = await mkdtemp(join(tmpdir(), 'mote-recent-'))
  const configDir = join(root, 'config')
  await mkdir(configDir)
  const listPath = join(configDir, 'recent-projects.json')
  await makeList(listPath)
  const project = new ProjectService({ fs: nodeFileSystem, configDir, appVersion: '0' })
  return { root, configDir, listPath, project }
}

const unusable = (path: string, what: string) =>
  `The recent-projects list ${path} ${what}, so Mote Studio cannot keep the list of recent projects. ` +
  'Move it away or delete it; a new list is started. Your projects are not affected.'

describe('the recent-projects list when its file is not a file', () => {
  it('opens and creates projects when the list is a folder, leaves the folder alone, and says so when asked', async () => {
    const { root, configDir, listPath, project } = await withRecentList(async (path) => {
      await mkdir(path)
      await writeFile(join(path, 'theirs.txt'), 'keep me')
    })
    const before = await snapshotTree(configDir)
    const created = await project.create({ dir: join(root, 'p'), name: 'P' })
    expect(created.name).toBe('P')
    expect((await project.current())?.dir).toBe(join(root, 'p'))
    await project.close()
    expect((await project.open(join(root, 'p'))).name).toBe('P')
    expect((await project.rename('Q')).name).toBe('Q')
    const error = await failure(project.recent())
    expect(error.code).toBe(ProjectErrorCode.ReadFailed)
    expect(error.message).toBe(unusable(listPath, 'is a folder, not a file'))
    expect(await snapshotTree(configDir)).toEqual(before)
  })

  it('neither blocks nor fails when the list is a named pipe nobody writes to', async () => {
    const { root, listPath, project } = await withRecentList(async (path) => {
      execFileSync('mkfifo', [path])
    })
    const started = performance.now()
    expect((await project.create({ dir: join(root, 'p'), name: 'P' })).name).toBe('P')
    const error = await failure(project.recent())
    expect(error.message).toBe(unusable(listPath, 'is a pipe, device or socket, not a regular file'))
    expect(performance.now() - started).toBeLessThan(5000)
  })

  it('starts a new list when the file is damaged JSON, as before', async () => {
    const { root, project } = await withRecentList((path) => writeFile(path, '{"projects": [tru'))
    await project.create({ dir: join(root, 'p'), name: 'P' })
    expect((await project.recent()).map((r) => r.name)).toEqual(['P'])
  })
})
