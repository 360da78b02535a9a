import type { Dirent } from 'node:fs'
import { join } from 'node:path'
import { TEMP_MARKER, writesInProgress } from './atomic-write'
import { errnoCode } from './errno'
import type { FileSystem } from './file-system'

/**
 * Removing the temp files (`<name>.mote-tmp-<pid>-<time>-<n>`) that a killed atomic write leaves beside the
 * intact old file, without ever removing one that a live write still needs.
 *
 * A temp file is stale when no write can still rename it:
 * - its writer is this process and the write is not in progress here (`writesInProgress`), or
 * - its writer is another process that no longer exists (`process.kill(pid, 0)` says ESRCH), or
 * - it has not been touched for `STALE_AFTER_MS` (an hour): a process id can be reused by an unrelated
 *   process, and a project on a shared drive may have been written from another computer, whose process ids
 *   mean nothing here. A write takes seconds, and the temp file's time changes while it is written, so an
 *   hour-old one is not being written. The one case this can misjudge: another computer writing the same
 *   project at the same moment with a process id that is not alive here; its rename then fails and it reports
 *   the write as failed, with its old file intact — nothing is lost.
 * - a name without a parseable writer is judged by its age alone.
 */
export const STALE_AFTER_MS = 60 * 60 * 1000

const WRITER = /\.mote-tmp-(\d+)-(\d+)-\d+$/

export interface StaleCheck {
  readonly now?: number
  /** Whether process `pid` exists (tests substitute their own). */
  readonly isAlive?: (pid: number) => boolean
}

/** Removes the stale temp files directly in `dir`; returns how many. A folder that does not read is skipped. */
export async function cleanStaleTempFiles(
  fs: FileSystem,
  dir: string,
  check: StaleCheck = {},
): Promise<number> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => [] as Dirent[])
  let removed = 0
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.includes(TEMP_MARKER)) continue
    const path = join(dir, entry.name)
    const stat = await fs.lstat(path).catch(() => undefined)
    if (stat === undefined || !isStale(entry.name, stat.mtimeMs, check)) continue
    await fs.rm(path, { force: true })
    removed++
  }
  return removed
}

/**
 * Cleans every folder of a project (the store writes into many: the root, data/, data/samples/, models/…),
 * down to `maxDepth` levels. Links are not followed: what lies behind one is not the project's.
 */
export async function cleanProjectTempFiles(
  fs: FileSystem,
  root: string,
  check: StaleCheck = {},
  maxDepth = 6,
): Promise<number> {
  let removed = await cleanStaleTempFiles(fs, root, check)
  if (maxDepth === 0) return removed
  const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => [] as Dirent[])
  for (const entry of entries)
    if (entry.isDirectory())
      removed += await cleanProjectTempFiles(fs, join(root, entry.name), check, maxDepth - 1)
  return removed
}

function isStale(name: string, mtimeMs: number, check: StaleCheck): boolean {
  const now = check.now ?? Date.now()
  if (now - mtimeMs > STALE_AFTER_MS) return true
  const writer = WRITER.exec(name)
  if (writer === null) return false
  const pid = Number(writer[1])
  if (pid === process.pid) return !writesInProgress.has(name)
  return !(check.isAlive ?? processExists)(pid)
}

/** Signal 0 checks that a process exists without touching it; EPERM means it exists but is not ours. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return errnoCode(error) === 'EPERM'
  }
}
