import { join, relative, sep } from 'node:path'
import { isNotFound } from '../system/errno'
import type { FileSystem } from '../system/file-system'
import { projectErrors } from './project-errors'

/**
 * Links inside a project folder. The folder itself may be reached through links (the user chose it), but
 * below it Mote writes and deletes only in real folders: a `data/samples` that is a link to somewhere else
 * would make an import write outside the project and a purge of "orphan" values delete someone else's
 * files. Each level from the project folder down to the target is checked with `lstat` (no link is
 * followed, a dangling one included); levels that do not exist yet are made by the store as real folders.
 */
export interface LinkOnTheWay {
  /** The linked entry, relative to the project folder (`data/samples`). */
  readonly relPath: string
  readonly target: string
}

/** The first link on the way from `dir` down to `full` (itself included), or undefined when there is none. */
export async function findLink(fs: FileSystem, dir: string, full: string): Promise<LinkOnTheWay | undefined> {
  const levels = relative(dir, full)
    .split(sep)
    .filter((level) => level !== '')
  let path = dir
  for (const level of levels) {
    path = join(path, level)
    const stat = await fs.lstat(path).catch((error: unknown) => {
      if (isNotFound(error)) return undefined
      throw error
    })
    if (stat === undefined) return undefined
    if (stat.isSymbolicLink()) {
      const target = await fs.realpath(path).catch(() => 'a place that does not exist')
      return { relPath: relative(dir, path).split(sep).join('/'), target }
    }
  }
  return undefined
}

/** Throws the "is a link" failure when a level on the way to `full` is a link. */
export async function refuseLinks(fs: FileSystem, dir: string, full: string): Promise<void> {
  const link = await findLink(fs, dir, full)
  if (link !== undefined) throw projectErrors.linked(dir, link.relPath, link.target)
}

/** True when `full` is a folder of the project reached without links. */
export async function isOwnFolder(fs: FileSystem, dir: string, full: string): Promise<boolean> {
  if ((await findLink(fs, dir, full)) !== undefined) return false
  const stat = await fs.lstat(full).catch(() => undefined)
  return stat?.isDirectory() ?? false
}
