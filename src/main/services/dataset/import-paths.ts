import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import type { ImportFile } from '../../../shared/api/dataset'
import { MoteFailure } from '../../../shared/errors'
import { DatasetErrorCode } from '../../../shared/api/dataset'
import { isImportable, notImportable } from '../../../core/dataset/formats/sample-readers'
import type { FileOutcome } from '../../../core/dataset/import-files'
import { SOURCE_CHUNK_BYTES, bytesSource, type ImportSource } from '../../../core/dataset/import-source'
import { errnoCode, type FileSystem } from '../system/file-system'
import { bulkTurns } from '../system/loop-turns'

/** Files to import, and the files of the folders given that are not importable (listed as skipped). */
export interface ListedImport {
  readonly sources: ImportSource[]
  readonly skipped: FileOutcome[]
}

/**
 * Files named on the command line (or picked in Electron) as import sources, read from disk block by block
 * when imported. A folder is read recursively and its files are named from the folder itself down
 * (`export/training/idle.s-1.csv` for `export`), so that labels and categories can come from folder names; a
 * file is named as given. Inside folders, files without an importable extension are listed as skipped (a
 * README beside the data is not an error), hidden ones (`.DS_Store`) silently.
 */
export async function listImportPaths(fs: FileSystem, paths: readonly string[]): Promise<ListedImport> {
  const sources: ImportSource[] = []
  const skipped: FileOutcome[] = []
  for (const path of paths) {
    const stat = await fs.stat(path).catch(() => undefined)
    if (stat === undefined)
      throw new MoteFailure(
        DatasetErrorCode.ImportFailed,
        `${path} does not exist. Check the path and import again.`,
      )
    if (stat.isFile()) {
      sources.push(fileSource(fs, path, path.split(sep).join('/'), stat.size))
      continue
    }
    // A pipe would block the read and a device (/dev/zero) never ends.
    if (!stat.isDirectory())
      throw new MoteFailure(
        DatasetErrorCode.ImportFailed,
        `${path} is neither a file nor a folder (a device or a pipe). Mote imports files and folders of them.`,
      )
    const root = dirname(resolve(path))
    for (const full of await walk(fs, resolve(path))) {
      const name = relative(root, full).split(sep).join('/')
      if (basename(full).startsWith('.')) continue
      if (!isImportable(name)) skipped.push({ name, message: notImportable(name).message })
      else sources.push(fileSource(fs, full, name, (await fs.stat(full)).size))
    }
  }
  return { sources, skipped }
}

/**
 * A file on disk as an import source: read in 1 MiB blocks, each a new buffer, every time it is asked. A
 * file that cannot be read (removed since it was listed, no permission) is a failure naming it.
 */
function fileSource(fs: FileSystem, path: string, name: string, size: number): ImportSource {
  return {
    name,
    size,
    async *chunks() {
      const handle = await fs.open(path, 'r').catch((error: unknown) => {
        throw unreadable(name, error)
      })
      try {
        for (;;) {
          const buffer = new Uint8Array(SOURCE_CHUNK_BYTES)
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, null).catch((error: unknown) => {
            throw unreadable(name, error)
          })
          if (bytesRead === 0) return
          yield buffer.subarray(0, bytesRead)
        }
      } finally {
        await handle.close()
      }
    },
  }
}

function unreadable(name: string, error: unknown): MoteFailure {
  const why = errnoCode(error) ?? (error as Error).message
  return new MoteFailure(
    DatasetErrorCode.ImportFailed,
    `${name}: the file cannot be read (${why}). Check that it is still there and readable.`,
  )
}

/**
 * Files sent over the API (bytes already in memory) as sources that let other calls run between chunks:
 * a large import does not hold up every other client of the event loop.
 */
export function memorySources(files: readonly ImportFile[]): ImportSource[] {
  return files.map((file) => {
    const source = bytesSource(file.name, file.bytes)
    return {
      ...source,
      async *chunks() {
        for await (const chunk of source.chunks()) {
          yield chunk
          // Each chunk's decoding in a turn of the loop of its own, in line with other bulk work.
          await bulkTurns.turn()
        }
      },
    }
  })
}

async function walk(fs: FileSystem, dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await walk(fs, full)))
    else if (entry.isFile()) out.push(full)
  }
  return out
}
