import { basename, dirname, join } from 'node:path'
import type { FileSystem } from './file-system'

/** Marks the temporary files an interrupted write may leave; stale-temp-files.ts removes them. */
export const TEMP_MARKER = '.mote-tmp-'

/**
 * Names (not paths, so that no spelling of a folder can miss one) of the temp files this process is writing
 * right now: cleaning never removes them, however old they look.
 */
export const writesInProgress: ReadonlySet<string> = new Set<string>()

export interface AtomicWriteHooks {
  /** Test seam: runs after the temp file is synced, before the rename makes it visible. */
  readonly beforeRename?: (tempPath: string) => Promise<void> | void
}

let counter = 0

/**
 * Replaces `path` with `data` so that a reader (or a crash, or power loss) sees either the old file or the
 * new one, never a mix: write a temp file in the same folder, fsync it, rename it over the target, then
 * fsync the folder so that the rename itself is durable. The temp file is removed when anything fails.
 * The temp file is created exclusively (`wx`), and a rename replaces a link at `path` rather than writing
 * through it, so an atomic write never changes a file outside `path`'s folder.
 */
export async function atomicWriteFile(
  fs: FileSystem,
  path: string,
  data: string | Uint8Array,
  hooks: AtomicWriteHooks = {},
): Promise<void> {
  const dir = dirname(path)
  const tempName = `${basename(path)}${TEMP_MARKER}${process.pid}-${Date.now()}-${counter++}`
  const tempPath = join(dir, tempName)
  const inProgress = writesInProgress as Set<string>
  inProgress.add(tempName)
  try {
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
  } finally {
    inProgress.delete(tempName)
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
