import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import semver from 'semver'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '../..')
const json = async <T>(file: string) => JSON.parse(await readFile(join(ROOT, file), 'utf8')) as T

interface LockFile {
  readonly packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>
}

describe('the Node.js version', () => {
  it('is the same in the README and in package.json’s engines', async () => {
    const { engines } = await json<{ engines: { node: string } }>('package.json')
    const oldest = semver.minVersion(engines.node)!
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8')
    expect(readme).toContain(`Node.js ${oldest.major}.${oldest.minor} or newer`)
  })

  it('is supported by every locked package, so `npm ci` warns of no engine (EBADENGINE)', async () => {
    const { engines } = await json<{ engines: { node: string } }>('package.json')
    const oldest = semver.minVersion(engines.node)!.version
    const { packages } = await json<LockFile>('package-lock.json')
    const unsupported = Object.entries(packages)
      .map(([path, p]) => ({
        path,
        version: p.version,
        node: Array.isArray(p.engines) ? undefined : p.engines?.node,
      }))
      .filter((p) => p.node !== undefined && !semver.satisfies(oldest, p.node))
      .map((p) => `${p.path.replace(/^.*node_modules\//, '')}@${p.version} needs Node ${p.node}`)
    expect(unsupported, `package.json promises Node ${oldest}`).toEqual([])
  })
})
