import { constants, type PathLike } from 'node:fs'
import type { FileHandle, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { errnoCode, fsError } from './errno'
import type { FileSystem } from './file-system'

/**
 * The real file system with three guards, so that no path a user can type makes a service hang:
 *
 * 1. **Recursive mkdir is ours.** Node 20's `mkdir(…, {recursive: true})` never settles under `/proc`
 *    (`mkdir /proc/self/x` says ENOENT although `/proc/self` exists, and libuv retries forever, spinning a
 *    thread-pool thread, which also keeps the process from exiting). We walk up to the nearest existing
 *    folder with `stat`, check that it is a folder, and create each missing level with a plain `mkdir`, so
 *    such a path fails at once with the error of the level that could not be made.
 * 2. **Reads and writes of whole files refuse what is not a regular file.** A FIFO blocks `open` until the
 *    other end appears and a device (`/dev/zero`) never ends: the file is opened non-blocking, checked with
 *    `fstat`, and refused (`EISDIR`, or `ENOTREG` with a sentence) before any byte moves.
 * 3. **A deadline on calls that may never answer** (metadata calls and `open`; a dead network mount): after
 *    `deadlineMs` the call rejects with `ETIMEDOUT` so the service can answer with an error. The operation
 *    itself cannot be cancelled; a handle that is opened after its deadline is closed at once. Data calls
 *    (`readFile`, `writeFile`, `copyFile`, `rm`) take as long as their data does and have no deadline.
 */
export function guardFileSystem(base: FileSystem, deadlineMs = DEFAULT_DEADLINE_MS): FileSystem {
  const within = <T>(syscall: string, path: PathLike, work: () => Promise<T>, onLate?: (late: T) => void) =>
    withDeadline(syscall, path, deadlineMs, work, onLate)
  const openGuarded = (path: PathLike, flags: number, mode?: number) =>
    within(
      'open',
      path,
      () => base.open(path, flags | NONBLOCK, mode),
      (late) => void late.close().catch(() => undefined),
    )
  return {
    ...base,
    stat: ((path: PathLike, options?: object) =>
      within('stat', path, () => base.stat(path, options))) as FileSystem['stat'],
    lstat: ((path: PathLike, options?: object) =>
      within('lstat', path, () => base.lstat(path, options))) as FileSystem['lstat'],
    realpath: ((path: PathLike, options?: object) =>
      within('realpath', path, () => base.realpath(path, options))) as FileSystem['realpath'],
    readdir: ((path: PathLike, options?: object) =>
      within('readdir', path, () => base.readdir(path, options as undefined))) as FileSystem['readdir'],
    access: (path, mode) => within('access', path, () => base.access(path, mode)),
    rename: (from, to) => within('rename', from, () => base.rename(from, to)),
    unlink: (path) => within('unlink', path, () => base.unlink(path)),
    open: ((path: PathLike, flags?: string | number, mode?: number) =>
      within(
        'open',
        path,
        () => base.open(path, flags, mode),
        (late) => void late.close().catch(() => undefined),
      )) as FileSystem['open'],
    mkdir: ((path: PathLike, options?: { recursive?: boolean; mode?: number } | number) =>
      typeof options === 'object' && options.recursive
        ? makeDirectories(base, within, String(path), options.mode)
        : within('mkdir', path, () => base.mkdir(path, options))) as FileSystem['mkdir'],
    readFile: (async (path: PathLike | FileHandle, options?: ReadOptions) => {
      if (!isPathLike(path)) return base.readFile(path, options)
      const handle = await openGuarded(path, constants.O_RDONLY)
      try {
        await requireRegularFile(handle, path, 'read')
        return await handle.readFile(options)
      } finally {
        await handle.close()
      }
    }) as FileSystem['readFile'],
    writeFile: (async (path: PathLike | FileHandle, data: WriteData, options?: WriteOptions) => {
      if (!isPathLike(path) || (typeof options === 'object' && options?.flag !== undefined))
        return base.writeFile(path, data, options)
      const mode = typeof options === 'object' ? options?.mode : undefined
      const handle = await openGuarded(path, constants.O_WRONLY | constants.O_CREAT, toMode(mode))
      try {
        await requireRegularFile(handle, path, 'write')
        await handle.truncate(0)
        await handle.writeFile(data, options)
      } finally {
        await handle.close()
      }
    }) as FileSystem['writeFile'],
  }
}

/** Long enough for a busy laptop disk, short enough that a person is told something. */
export const DEFAULT_DEADLINE_MS = 10_000

/** The `code` of the error for a FIFO, device or socket where a regular file was expected. */
export const NOT_A_REGULAR_FILE = 'ENOTREG'

type ReadOptions = Parameters<FileHandle['readFile']>[0]
type WriteData = Parameters<FileHandle['writeFile']>[0]
type WriteOptions = Parameters<typeof writeFile>[2]
type Within = <T>(syscall: string, path: PathLike, work: () => Promise<T>) => Promise<T>

/** `O_NONBLOCK` keeps `open` of a FIFO from waiting for its other end (Windows has neither). */
const NONBLOCK = constants.O_NONBLOCK ?? 0

/** Runs `work`, rejecting with `ETIMEDOUT` after `ms`; a value that arrives late goes to `onLate`. */
export function withDeadline<T>(
  syscall: string,
  path: PathLike,
  ms: number,
  work: () => Promise<T>,
  onLate?: (late: T) => void,
): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    let settled = false
    const timer = setTimeout(() => {
      settled = true
      reject(fsError('ETIMEDOUT', `the file system did not answer within ${ms / 1000} s`, syscall, path))
    }, ms)
    timer.unref?.()
    work().then(
      (value) => {
        if (settled) return onLate?.(value)
        settled = true
        clearTimeout(timer)
        resolvePromise(value)
      },
      (error: unknown) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

/** `mkdir -p` without Node's retry loop: the first missing level that cannot be made is the error. */
async function makeDirectories(
  base: FileSystem,
  within: Within,
  path: string,
  mode: number | undefined,
): Promise<string | undefined> {
  const missing: string[] = []
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const stat = await within('stat', dir, () => base.stat(dir)).catch((error: unknown) => {
      const code = errnoCode(error)
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(dir) !== dir) return undefined
      throw error
    })
    if (stat !== undefined) {
      if (!stat.isDirectory()) throw fsError('ENOTDIR', 'not a directory', 'mkdir', dir)
      break
    }
    missing.unshift(dir)
  }
  for (const dir of missing) {
    await within('mkdir', dir, () => base.mkdir(dir, mode)).catch(async (error: unknown) => {
      // Made meanwhile by someone else: fine when it is a folder now.
      if (errnoCode(error) !== 'EEXIST' || !(await base.stat(dir)).isDirectory()) throw error
    })
  }
  return missing[0]
}

async function requireRegularFile(handle: FileHandle, path: PathLike, syscall: string): Promise<void> {
  const stat = await handle.stat()
  if (stat.isDirectory()) throw fsError('EISDIR', 'illegal operation on a directory', syscall, path)
  if (!stat.isFile())
    throw fsError(
      NOT_A_REGULAR_FILE,
      'not a regular file (a pipe, device or socket), which Mote does not read or write',
      syscall,
      path,
    )
}

function isPathLike(value: unknown): value is PathLike {
  return typeof value === 'string' || value instanceof URL || Buffer.isBuffer(value)
}

function toMode(mode: number | string | undefined): number {
  if (mode === undefined) return 0o666
  return typeof mode === 'number' ? mode : parseInt(mode, 8)
}
