import { spawn, spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, readdir, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TEMP_MARKER, atomicWriteFile } from '../../../../src/main/services/system/atomic-write'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import {
  cleanProjectTempFiles,
  cleanStaleTempFiles,
} from '../../../../src/main/services/system/stale-temp-files'
import { projectWithDataset, snapshotTree, wave } from '../project/project-fixtures'

const ROOT = join(import.meta.dirname, '../../../..')

/** The id of a process that has ended (and been reaped): no write of it can still be in progress. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(child.stdout.toString())
}

const tempName = (file: string, pid: number) => `${file}${TEMP_MARKER}${pid}-${Date.now()}-0`

/** Starts the writer child, which stops right before its rename; resolves with its temp path. */
function writerWaitingBeforeRename(path: string) {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/run-ts.mjs'), 'test/fixtures/atomic-writer-child.ts', path, 'new contents'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const tempPath = new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      const match = /READY (.+)\n/.exec(text)
      if (match) resolve(match[1]!)
    })
    child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)))
  })
  return { child, tempPath }
}

describe('stale temp files of killed writes', () => {
  it('are removed from every folder of a project when it is opened, and nothing else is', async () => {
    const { dir, project, dataset } = await projectWithDataset('mote-stale-')
    const [sample] = await dataset.add([wave('idle')])
    await mkdir(join(dir, 'models/m-1'), { recursive: true })
    await project.close()
    const dead = deadPid()
    const leftovers = [
      `mote.json`,
      `data/index.json`,
      `data/samples/${sample!.id}.f32`,
      `models/m-1/weights.bin`,
    ].map((file) => join(dir, tempName(file, dead)))
    for (const path of leftovers) await writeFile(path, 'half a write')
    const before = await snapshotTree(dir)
    await project.open(dir)
    const after = await snapshotTree(dir)
    expect(Object.keys(after).filter((p) => p.includes(TEMP_MARKER))).toEqual([])
    const kept = { ...before }
    for (const path of leftovers) delete kept[path.slice(dir.length + 1)]
    expect(after).toEqual(kept)
  })

  it('keep the temp file of a write still in progress in another process, until that process is gone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-stale-'))
    const path = join(dir, 'index.json')
    await writeFile(path, 'old contents')
    const { child, tempPath } = writerWaitingBeforeRename(path)
    const temp = await tempPath
    expect(await cleanStaleTempFiles(nodeFileSystem, dir)).toBe(0)
    expect(await readFile(temp, 'utf8')).toBe('new contents')
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))
    expect(await cleanStaleTempFiles(nodeFileSystem, dir)).toBe(1)
    expect(await readdir(dir)).toEqual(['index.json'])
    expect(await readFile(path, 'utf8')).toBe('old contents')
  })

  it('keep the temp file of a write in progress in this process, which then completes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-stale-'))
    const path = join(dir, 'design.json')
    let removedMidWrite = -1
    await atomicWriteFile(nodeFileSystem, path, 'whole', {
      beforeRename: async () => void (removedMidWrite = await cleanProjectTempFiles(nodeFileSystem, dir)),
    })
    expect(removedMidWrite).toBe(0)
    expect(await readFile(path, 'utf8')).toBe('whole')
  })

  it('are removed when untouched for over an hour, even if their process id is in use again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-stale-'))
    const old = join(dir, tempName('a.json', process.ppid))
    const fresh = join(dir, tempName('b.json', process.ppid))
    await writeFile(old, 'x')
    await writeFile(fresh, 'y')
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000)
    await utimes(old, twoHoursAgo, twoHoursAgo)
    expect(await cleanStaleTempFiles(nodeFileSystem, dir)).toBe(1)
    expect(await readdir(dir)).toEqual([fresh.slice(dir.length + 1)])
  })

  it('are not looked for behind links: what a link leads to is not the project’s', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-stale-'))
    const outside = await mkdtemp(join(tmpdir(), 'mote-outside-'))
    const theirs = join(outside, tempName('x.json', deadPid()))
    await writeFile(theirs, 'theirs')
    await symlink(outside, join(dir, 'linked'))
    expect(await cleanProjectTempFiles(nodeFileSystem, dir)).toBe(0)
    expect(await readFile(theirs, 'utf8')).toBe('theirs')
  })
})
