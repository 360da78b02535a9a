import type { FileSystem } from '../../../../src/main/services/system/file-system'

/**
 * Just enough of a file system for path searches: a set of files (all executable) and the folders they
 * imply. Paths are compared as given, so a Windows layout can be described on Linux.
 */
export function fakeFileSystem(files: readonly string[], separator = '/'): FileSystem {
  const set = new Set(files)
  const notFound = (path: string) => Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
  const isDir = (path: string) =>
    files.some((f) => f.startsWith(path.endsWith(separator) ? path : path + separator))
  const fs = {
    access: async (path: string) => {
      if (!set.has(path) && !isDir(path)) throw notFound(path)
    },
    stat: async (path: string) => {
      if (!set.has(path) && !isDir(path)) throw notFound(path)
      return { isFile: () => set.has(path), isDirectory: () => isDir(path) }
    },
    readdir: async (path: string) => {
      const prefix = path.endsWith(separator) ? path : path + separator
      const names = new Set(
        files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length).split(separator)[0]!),
      )
      if (names.size === 0) throw notFound(path)
      return [...names]
    },
  }
  return fs as unknown as FileSystem
}
