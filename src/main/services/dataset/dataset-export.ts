import type { Dirent } from 'node:fs'
import { basename, join } from 'node:path'
import { DatasetErrorCode, type ExportFormat } from '../../../shared/api/dataset'
import { MoteFailure } from '../../../shared/errors'
import { exportSample } from '../../../core/dataset/formats/sample-files'
import type { Category, Sample, SampleMeta } from '../../../core/dataset/sample'
import { atomicWriteFile } from '../system/atomic-write'
import { errnoCode, fsReason, isNotFound } from '../system/errno'
import type { FileSystem } from '../system/file-system'

/**
 * Writes samples as `<dir>/<category>/<label>.<id>.<ext>` (Edge Impulse's uploader reads the label from the
 * name and the category from the folder, and so does Mote's import). Returns the number of files written.
 *
 * The chosen folder may itself be reached through links (the user chose it); inside it Mote changes nothing
 * but its own files: a category folder or an export file that is a link is refused before anything is
 * written, and each file is written atomically (a rename replaces a name, it never writes through a link).
 * A folder that cannot be made (no permission, a place like /proc) fails at once, naming it.
 */
export async function exportSamples(
  fs: FileSystem,
  dir: string,
  format: ExportFormat,
  metas: readonly SampleMeta[],
  read: (id: string) => Promise<Sample>,
  now: Date,
): Promise<number> {
  const root = await makeExportFolder(fs, dir)
  const categories = [...new Set(metas.map((m) => m.category))]
  for (const category of categories) await checkCategoryFolder(fs, root, category, metas)
  let written = 0
  try {
    for (const category of categories) await fs.mkdir(join(root, category), { recursive: true })
    for (const meta of metas) {
      const file = exportSample(await read(meta.id), format, now.getTime() / 1000)
      const path = join(root, meta.category, basename(file.name))
      await refuseLink(fs, path, dir)
      await atomicWriteFile(fs, path, file.bytes)
      written++
    }
  } catch (error) {
    if (error instanceof MoteFailure) throw error
    throw exportFailure(
      `The dataset could not be written to ${dir} (${fsReason(error)}); ${written} files were written. Check that the folder is writable.`,
    )
  }
  return written
}

/** Makes the chosen folder when absent and returns its real path. */
async function makeExportFolder(fs: FileSystem, dir: string): Promise<string> {
  try {
    await fs.mkdir(dir, { recursive: true })
    return await fs.realpath(dir)
  } catch (error) {
    throw exportFailure(
      `The export folder ${dir} cannot be made: ${fsReason(error)}. Choose a folder you can write to.`,
    )
  }
}

/** A category folder must be a real folder (or absent) and hold no link named like one of our files. */
async function checkCategoryFolder(
  fs: FileSystem,
  root: string,
  category: Category,
  metas: readonly SampleMeta[],
): Promise<void> {
  const folder = join(root, category)
  await refuseLink(fs, folder, root)
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch((error: unknown) => {
    if (isNotFound(error)) return [] as Dirent[]
    if (errnoCode(error) === 'ENOTDIR')
      throw exportFailure(
        `${folder} is a file where the export needs a folder; move it away or export elsewhere.`,
      )
    throw exportFailure(`The export folder ${folder} cannot be read: ${fsReason(error)}.`)
  })
  const links = entries.filter((e) => e.isSymbolicLink()).map((e) => e.name)
  for (const meta of metas.filter((m) => m.category === category)) {
    const link = links.find((name) => name.includes(`.${meta.id}.`))
    if (link !== undefined) await refuseLink(fs, join(folder, link), root)
  }
}

async function refuseLink(fs: FileSystem, path: string, dir: string): Promise<void> {
  const stat = await fs.lstat(path).catch(() => undefined)
  if (!stat?.isSymbolicLink()) return
  const target = await fs.realpath(path).catch(() => 'a place that does not exist')
  throw exportFailure(
    `${path} is a link to ${target}. Mote does not write through links, so that nothing outside ${dir} is ` +
      `changed: remove the link or export to another folder.`,
  )
}

function exportFailure(message: string): MoteFailure {
  return new MoteFailure(DatasetErrorCode.ExportFailed, message)
}
