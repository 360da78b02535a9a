import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import * as fsPromises from 'node:fs/promises'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { nodeFileSystem, type FileSystem } from '../../../../src/main/services/system/file-system'
import { NOT_A_REGULAR_FILE, guardFileSystem } from '../../../../src/main/services/system/guarded-file-system'

const onLinux = process.platform === 'linux' && existsSync('/proc/self')

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'mote-guarded-'))
}

/** The error a promise rejects with, and how long it took. */
async function rejection(promise: Promise<unknown>): Promise<{ error: NodeJS.ErrnoException; ms: number }> {
  const started = Date.now()
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (e: unknown) => e as NodeJS.ErrnoException,
  )
  return { error, ms: Date.now() - started }
}

function fifo(dir: string): string {
  const path = join(dir, 'pipe')
  execFileSync('mkfifo', [path])
  return path
}

describe('the guarded file system', () => {
  it('makes nested folders like mkdir -p, and is content when they are already there', async () => {
    const dir = await tempDir()
    expect(await nodeFileSystem.mkdir(join(dir, 'a/b/c'), { recursive: true })).toBe(join(dir, 'a'))
    expect(await nodeFileSystem.mkdir(join(dir, 'a/b/c'), { recursive: true })).toBeUndefined()
    expect(await readdir(join(dir, 'a/b'))).toEqual(['c'])
  })

  it('refuses a file in the way of a folder with ENOTDIR, naming it', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'file'), 'mine')
    const { error } = await rejection(nodeFileSystem.mkdir(join(dir, 'file/sub'), { recursive: true }))
    expect(error.code).toBe('ENOTDIR')
    expect(error.path).toBe(join(dir, 'file'))
    expect(await readFile(join(dir, 'file'), 'utf8')).toBe('mine')
  })

  it.runIf(onLinux)('fails at once under /proc, where Node’s own recursive mkdir never settles', async () => {
    for (const path of ['/proc/self/x', '/proc/self/x/y/z', '/proc/1/fdinfo/x']) {
      const { error, ms } = await rejection(nodeFileSystem.mkdir(path, { recursive: true }))
      expect(error.code).toMatch(/^(ENOENT|EACCES|EPERM)$/)
      expect(ms).toBeLessThan(1000)
    }
  })

  it.runIf(onLinux)('refuses to read a pipe or a device instead of waiting on it forever', async () => {
    const dir = await tempDir()
    for (const path of [fifo(dir), '/dev/zero']) {
      const { error, ms } = await rejection(nodeFileSystem.readFile(path))
      expect(error.code).toBe(NOT_A_REGULAR_FILE)
      expect(error.message).toMatch(/not a regular file/)
      expect(ms).toBeLessThan(1000)
    }
    expect((await rejection(nodeFileSystem.readFile(dir))).error.code).toBe('EISDIR')
  })

  it.runIf(onLinux)('refuses to write into a pipe instead of waiting for a reader', async () => {
    const dir = await tempDir()
    const { error, ms } = await rejection(nodeFileSystem.writeFile(fifo(dir), 'data'))
    expect(error.code).toMatch(/^(ENXIO|ENOTREG)$/)
    expect(ms).toBeLessThan(1000)
  })

  it('still reads and writes ordinary files, and /proc files whose size is 0', async () => {
    const dir = await tempDir()
    await nodeFileSystem.writeFile(join(dir, 'a.txt'), 'first, longer contents')
    await nodeFileSystem.writeFile(join(dir, 'a.txt'), 'second')
    expect(await nodeFileSystem.readFile(join(dir, 'a.txt'), 'utf8')).toBe('second')
    if (onLinux) expect(await nodeFileSystem.readFile('/proc/self/status', 'utf8')).toMatch(/^Name:/)
  })

  it('answers ETIMEDOUT when a call does not return in time, and closes a handle that opens late', async () => {
    let closedLate = false
    const hanging: FileSystem = {
      ...fsPromises,
      stat: (() => new Promise(() => undefined)) as FileSystem['stat'],
      open: () =>
        new Promise((resolve) =>
          setTimeout(
            () => resolve({ close: async () => void (closedLate = true) } as fsPromises.FileHandle),
            150,
          ),
        ),
    }
    const guarded = guardFileSystem(hanging, 50)
    const stat = await rejection(guarded.stat('/somewhere'))
    expect(stat.error.code).toBe('ETIMEDOUT')
    expect(stat.error.message).toMatch(/did not answer within 0.05 s, stat '\/somewhere'/)
    expect((await rejection(guarded.open('/somewhere', 'r'))).error.code).toBe('ETIMEDOUT')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(closedLate).toBe(true)
  })
})
