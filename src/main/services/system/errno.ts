import type { PathLike } from 'node:fs'

/** The `code` of a Node file-system error (`ENOENT`, `EISDIR`, …), or undefined for anything else. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code
    return typeof code === 'string' ? code : undefined
  }
  return undefined
}

export function isNotFound(error: unknown): boolean {
  return errnoCode(error) === 'ENOENT'
}

/** An error shaped like Node's own (`code`, `syscall`, `path`), for refusals the guards make themselves. */
export function fsError(
  code: string,
  sentence: string,
  syscall: string,
  path: PathLike,
): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${sentence}, ${syscall} '${String(path)}'`), {
    code,
    syscall,
    path: String(path),
  })
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'a folder on the way does not exist, or this place does not allow new entries',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted here',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOTDIR: 'a file is in the way where a folder is needed',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'something with that name is already there',
  ELOOP: 'too many links on the way',
  ENAMETOOLONG: 'the path is too long',
  ETIMEDOUT: 'the disk did not answer in time',
  EIO: 'the disk reported an input/output error',
  ENOTREG: 'it is a pipe, device or socket, not a regular file',
}

/** A short reason for people ("permission denied"), from a file-system error, for the messages services write. */
export function fsReason(error: unknown): string {
  const code = errnoCode(error)
  const reason = code === undefined ? undefined : REASONS[code]
  if (reason !== undefined) return reason
  return error instanceof Error ? error.message : String(error)
}
