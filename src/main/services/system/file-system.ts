import * as fsPromises from 'node:fs/promises'
import { guardFileSystem } from './guarded-file-system'

export { errnoCode, isNotFound } from './errno'
import { isNotFound } from './errno'

/**
 * The file-system calls services make, passed in through constructors (DESIGN.md §7.4) so that a test can
 * hand in a file system that fails at a chosen step. `node:fs/promises` satisfies it.
 */
export type FileSystem = Pick<
  typeof fsPromises,
  | 'readFile'
  | 'writeFile'
  | 'open'
  | 'rename'
  | 'mkdir'
  | 'readdir'
  | 'stat'
  | 'lstat'
  | 'realpath'
  | 'rm'
  | 'unlink'
  | 'copyFile'
  | 'access'
>

/**
 * The real file system, guarded so that no path makes a service hang (see guarded-file-system.ts): recursive
 * mkdir that fails where Node's would spin, no whole-file reads or writes of pipes and devices, and a
 * deadline on the calls that may never answer.
 */
export const nodeFileSystem: FileSystem = guardFileSystem(fsPromises)

/** True when `path` exists (any kind of entry). */
export async function pathExists(fs: FileSystem, path: string): Promise<boolean> {
  try {
    await fs.stat(path)
    return true
  } catch (error) {
    if (isNotFound(error)) return false
    throw error
  }
}
