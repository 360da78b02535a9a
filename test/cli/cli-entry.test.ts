import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { chooseCliEntry } from '../../bin/cli-entry.mjs'

const BUILT_AT_MS = Date.UTC(2025, 0, 1)
let root: string

async function file(path: string, mtimeMs: number): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true })
  await writeFile(join(root, path), '')
  await utimes(join(root, path), mtimeMs / 1000, mtimeMs / 1000)
}

async function built(sources: readonly string[]): Promise<void> {
  await file('out/cli/mote.js', BUILT_AT_MS + 1000)
  await mkdir(join(root, 'out/cli'), { recursive: true })
  await writeFile(
    join(root, 'out/cli/sources.json'),
    JSON.stringify({ entry: 'mote.js', builtAtMs: BUILT_AT_MS, sources }),
  )
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mote-cli-entry-'))
})
afterEach(() => rm(root, { recursive: true, force: true }))

describe('which code bin/mote.mjs runs', () => {
  it('runs the sources when nothing is built yet, and says how to build', () => {
    expect(chooseCliEntry(root)).toEqual({
      kind: 'source',
      reason: 'the CLI is not built yet (`npm run build` builds it)',
    })
  })

  it('runs the bundle when every source is older than the build', async () => {
    await file('src/cli/main.ts', BUILT_AT_MS - 60_000)
    await file('src/main/app-services.ts', BUILT_AT_MS - 1)
    await built(['src/cli/main.ts', 'src/main/app-services.ts'])
    expect(chooseCliEntry(root)).toEqual({ kind: 'bundle', path: join(root, 'out/cli/mote.js') })
  })

  it('runs the sources when one changed after the build started, naming it', async () => {
    await file('src/cli/main.ts', BUILT_AT_MS - 60_000)
    await file('src/main/app-services.ts', BUILT_AT_MS + 1)
    await built(['src/cli/main.ts', 'src/main/app-services.ts'])
    expect(chooseCliEntry(root)).toEqual({
      kind: 'source',
      reason: 'src/main/app-services.ts changed since the last build (`npm run build` rebuilds it)',
    })
  })

  it('runs the sources when a source was deleted or the bundle is gone', async () => {
    await file('src/cli/main.ts', BUILT_AT_MS - 60_000)
    await built(['src/cli/main.ts', 'src/cli/gone.ts'])
    expect(chooseCliEntry(root)).toMatchObject({
      kind: 'source',
      reason: expect.stringMatching(/^src\/cli\/gone/),
    })
    await rm(join(root, 'out/cli/mote.js'))
    expect(chooseCliEntry(root)).toMatchObject({
      kind: 'source',
      reason: expect.stringMatching(/^out\/cli\/mote/),
    })
  })

  it('runs the sources when the manifest is cut short or has the wrong shape', async () => {
    await mkdir(join(root, 'out/cli'), { recursive: true })
    for (const text of [
      '{"entry": "mote.js", "sourc',
      '{}',
      '{"entry": "mote.js", "builtAtMs": 1, "sources": [3]}',
    ]) {
      await writeFile(join(root, 'out/cli/sources.json'), text)
      expect(chooseCliEntry(root)).toEqual({
        kind: 'source',
        reason: 'out/cli/sources.json is damaged (`npm run build` rebuilds it)',
      })
    }
  })
})
