import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ensureCached, hashInputs } from '../../../../src/main/services/toolchain/build-cache'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'

describe('the native build cache', () => {
  it('hashes inputs so that moving bytes between them changes the key', () => {
    expect(hashInputs(['ab', 'c'])).not.toBe(hashInputs(['a', 'bc']))
    expect(hashInputs(['x', new Uint8Array([1, 2])])).toBe(hashInputs(['x', new Uint8Array([1, 2])]))
  })

  it('builds once per key and reuses the result', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'mote-cache-'))
    let builds = 0
    const build = async (dir: string) => {
      builds++
      await writeFile(join(dir, 'out.bin'), 'built')
    }
    const first = await ensureCached(nodeFileSystem, cache, 'tool', 'k1', 'out.bin', build)
    const second = await ensureCached(nodeFileSystem, cache, 'tool', 'k1', 'out.bin', build)
    expect([first.rebuilt, second.rebuilt, builds]).toEqual([true, false, 1])
    expect(await readFile(join(first.dir, 'out.bin'), 'utf8')).toBe('built')
    await ensureCached(nodeFileSystem, cache, 'tool', 'k2', 'out.bin', build)
    expect(builds).toBe(2)
  })

  it('leaves nothing behind when a build fails, and tries again next time', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'mote-cache-'))
    await expect(
      ensureCached(nodeFileSystem, cache, 'tool', 'k', 'out.bin', async () => {
        throw new Error('compiler exploded')
      }),
    ).rejects.toThrow('compiler exploded')
    expect(await readdir(join(cache, 'tool'))).toEqual([])
    const retry = await ensureCached(nodeFileSystem, cache, 'tool', 'k', 'out.bin', (dir) =>
      writeFile(join(dir, 'out.bin'), 'ok'),
    )
    expect(retry.rebuilt).toBe(true)
  })
})
