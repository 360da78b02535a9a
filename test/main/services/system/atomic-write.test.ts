import { spawn } from 'node:child_process'
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TEMP_MARKER, atomicWriteFile } from '../../../../src/main/services/system/atomic-write'
import { cleanStaleTempFiles } from '../../../../src/main/services/system/stale-temp-files'
import { nodeFileSystem, type FileSystem } from '../../../../src/main/services/system/file-system'

const ROOT = join(import.meta.dirname, '../../../..')

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'mote-atomic-'))
}

describe('atomicWriteFile', () => {
  it('replaces the file contents and leaves no temp file behind', async () => {
    const dir = await tempDir()
    const path = join(dir, 'mote.json')
    await writeFile(path, 'old')
    await atomicWriteFile(nodeFileSystem, path, 'new')
    expect(await readFile(path, 'utf8')).toBe('new')
    expect(await readdir(dir)).toEqual(['mote.json'])
  })

  it('keeps the old file and removes the temp file when the rename fails', async () => {
    const dir = await tempDir()
    const path = join(dir, 'data.json')
    await writeFile(path, 'precious')
    const failingRename: FileSystem = {
      ...nodeFileSystem,
      rename: async () => {
        throw Object.assign(new Error('disk unplugged'), { code: 'EIO' })
      },
    }
    await expect(atomicWriteFile(failingRename, path, 'new')).rejects.toThrow('disk unplugged')
    expect(await readFile(path, 'utf8')).toBe('precious')
    expect(await readdir(dir)).toEqual(['data.json'])
  })

  it('loses nothing when the writing process is killed between write and rename', async () => {
    const dir = await tempDir()
    const path = join(dir, 'mote.json')
    await writeFile(path, '{"version":"before"}')
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/run-ts.mjs'), 'test/fixtures/atomic-writer-child.ts', path, '{"version":"after"}'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    const tempPath = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        const match = /READY (.+)\n/.exec(text)
        if (match) resolve(match[1]!)
      })
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)))
    })
    // The new content is fully on disk in the temp file, not yet renamed: kill now, as a crash would.
    expect(await readFile(tempPath, 'utf8')).toBe('{"version":"after"}')
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))

    expect(await readFile(path, 'utf8')).toBe('{"version":"before"}')
    expect((await readdir(dir)).some((name) => name.includes(TEMP_MARKER))).toBe(true)
    expect(await cleanStaleTempFiles(nodeFileSystem, dir)).toBe(1)
    expect(await readdir(dir)).toEqual(['mote.json'])
  })
})
