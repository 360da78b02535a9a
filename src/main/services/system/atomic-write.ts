import { basename, dirname, join } from 'node:path'
import type { FileSystem } from './file-system'

/** Suffix of the temporary files an interrupted write may leave; `cleanStaleTempFiles` removes them. */
export const TEMP_MARKER = '.mote-tmp-'

export interface AtomicWriteHooks {
  /** Test seam: runs after the temp file is synced, before the rename makes it visible. */
  readonly beforeRename?: (tempPath: string) => Promise<void> | void
}

let counter = 0

/**
 * Replaces `path` with `data` so that a reader (or a crash, or power loss) sees either the old file or the
 * new one, never a mix: write a temp file in the same folder, fsync it, rename it over the target, then
 * fsync the folder so that the rename itself is durable. The temp file is removed when anything fails.
 */
export async function atomicWriteFile(
  fs: FileSystem,
  path: string,
  data: string | Uint8Array,
  hooks: AtomicWriteHooks = {},
): Promise<void> {
  const dir = dirname(path)
  const tempPath = join(dir, `${basename(path)}${TEMP_MARKER}${process.pid}-${Date.now()}-${counter++}`)
  const handle = await fs.open(tempPath, 'wx', 0o644)
  try {
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await hooks.beforeRename?.(tempPath)
    await fs.rename(tempPath, path)
  } catch (error) {
    await fs.rm(tempPath, { force: true }).catch(() => undefined)
    throw error
  }
  await syncDirectory(fs, dir)
}

export async function atomicWriteJson(
  fs: FileSystem,
  path: string,
  value: unknown,
  hooks?: AtomicWriteHooks,
) {
  await atomicWriteFile(fs, path, JSON.stringify(value, null, 2) + '\n', hooks)
}

/** fsync on a directory is how POSIX makes a rename durable; Windows cannot open folders, and needs not. */
async function syncDirectory(fs: FileSystem, dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await fs.open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Removes temp files that a killed process left in `dir`; the real files beside them are untouched. */
export async function cleanStaleTempFiles(fs: FileSystem, dir: string): Promise<number> {
  let removed = 0
  const names = await fs.readdir(dir).catch(() => [] as string[])
  for (const name of names) {
    if (name.includes(TEMP_MARKER)) {
      await fs.rm(join(dir, name), { force: true })
      removed++
    }
  }
  return removed
}
