import { dirname, join, relative, resolve, sep } from 'node:path'
import type { ImportFile } from '../../../shared/api/dataset'
import { MoteFailure } from '../../../shared/errors'
import { DatasetErrorCode } from '../../../shared/api/dataset'
import { IMPORT_EXTENSIONS, extensionOf } from '../../../core/dataset/formats/sample-files'
import type { FileSystem } from '../system/file-system'

/**
 * Files named on the command line (or picked in Electron) as `ImportFile`s. A folder is read recursively and
 * its files are named from the folder itself down (`export/training/idle.s-1.csv` for `export`), so that
 * labels and categories can come from folder names; a file is named as given. Inside folders only files
 * with an importable extension are taken (a README beside the data is not an error).
 */
export async function readImportPaths(fs: FileSystem, paths: readonly string[]): Promise<ImportFile[]> {
  const files: ImportFile[] = []
  for (const path of paths) {
    const stat = await fs.stat(path).catch(() => undefined)
    if (stat === undefined)
      throw new MoteFailure(
        DatasetErrorCode.ImportFailed,
        `${path} does not exist. Check the path and import again.`,
      )
    if (stat.isDirectory()) {
      const root = dirname(resolve(path))
      for (const full of await walk(fs, resolve(path)))
        if ((IMPORT_EXTENSIONS as readonly string[]).includes(extensionOf(full)))
          files.push({
            name: relative(root, full).split(sep).join('/'),
            bytes: new Uint8Array(await fs.readFile(full)),
          })
    } else files.push({ name: path.split(sep).join('/'), bytes: new Uint8Array(await fs.readFile(path)) })
  }
  return files
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
