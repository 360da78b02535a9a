import { createHash, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { pathExists, type FileSystem } from '../system/file-system'

/** A build product in the cache: where it is and whether this call built it. */
export interface CachedArtifact {
  /** The folder holding the outputs (`<cacheDir>/<name>/<hash>`). */
  readonly dir: string
  readonly hash: string
  readonly rebuilt: boolean
}

/** SHA-256 over the inputs in order, each length-prefixed so that ("ab","c") and ("a","bc") differ. */
export function hashInputs(inputs: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256')
  for (const input of inputs) {
    const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input)
    hash.update(`${bytes.length}:`)
    hash.update(bytes)
  }
  return hash.digest('hex').slice(0, 16)
}

/**
 * Returns `<cacheDir>/<name>/<hash>` when it holds `marker`; otherwise runs `build` into a fresh temporary
 * folder and renames it into place. The hash covers every input (sources, flags, compiler identity), so a
 * change in any of them makes a new folder rather than reusing a stale one. Two processes building at once
 * both succeed: the second rename finds the folder there and its own copy is dropped.
 */
export async function ensureCached(
  fs: FileSystem,
  cacheDir: string,
  name: string,
  hash: string,
  marker: string,
  build: (tempDir: string) => Promise<void>,
): Promise<CachedArtifact> {
  const dir = join(cacheDir, name, hash)
  if (await pathExists(fs, join(dir, marker))) return { dir, hash, rebuilt: false }
  const temp = join(cacheDir, name, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`)
  await fs.mkdir(temp, { recursive: true })
  try {
    await build(temp)
    await fs.rm(dir, { recursive: true, force: true })
    await fs.rename(temp, dir).catch(async (error: unknown) => {
      if (!(await pathExists(fs, join(dir, marker)))) throw error
    })
  } finally {
    await fs.rm(temp, { recursive: true, force: true }).catch(() => undefined)
  }
  return { dir, hash, rebuilt: true }
}
