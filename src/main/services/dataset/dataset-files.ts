import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import type { ExportFormat, ImportFile } from '../../../shared/api/dataset'
import { MoteFailure } from '../../../shared/errors'
import { DatasetErrorCode } from '../../../shared/api/dataset'
import { IMPORT_EXTENSIONS, exportSample, extensionOf } from '../../../core/dataset/formats/sample-files'
import type { Sample, SampleMeta } from '../../../core/dataset/sample'
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

/**
 * Writes samples as `<dir>/<category>/<label>.<id>.<ext>` (Edge Impulse's uploader reads the label from the
 * name and the category from the folder, and so does Mote's import). Returns the number of files written.
 */
export async function exportSamples(
  fs: FileSystem,
  dir: string,
  format: ExportFormat,
  metas: readonly SampleMeta[],
  read: (id: string) => Promise<Sample>,
  now: Date,
): Promise<number> {
  let written = 0
  try {
    for (const category of new Set(metas.map((m) => m.category)))
      await fs.mkdir(join(dir, category), { recursive: true })
    for (const meta of metas) {
      const file = exportSample(await read(meta.id), format, now.getTime() / 1000)
      await fs.writeFile(join(dir, meta.category, basename(file.name)), file.bytes)
      written++
    }
  } catch (error) {
    if (error instanceof MoteFailure) throw error
    throw new MoteFailure(
      DatasetErrorCode.ExportFailed,
      `The dataset could not be written to ${dir} (${(error as Error).message}); ${written} files were written. Check that the folder is writable.`,
    )
  }
  return written
}
