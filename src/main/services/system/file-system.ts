import * as fsPromises from 'node:fs/promises'

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
  | 'rm'
  | 'unlink'
  | 'copyFile'
  | 'access'
>

export const nodeFileSystem: FileSystem = fsPromises

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

export function isNotFound(error: unknown): boolean {
  return errnoCode(error) === 'ENOENT'
}

export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code
    return typeof code === 'string' ? code : undefined
  }
  return undefined
}
