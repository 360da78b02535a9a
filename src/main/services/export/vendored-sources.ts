import { join } from 'node:path'
import type { VendoredSources } from '../../../core/codegen/library'
import { ExportErrorCode } from '../../../shared/api/export'
import { MoteFailure } from '../../../shared/errors'
import type { FileSystem } from '../system/file-system'

/** The folders of resources/firmware a library carries: the runtime and the DSP blocks. */
export const VENDORED_FOLDERS = ['runtime', 'dsp'] as const

async function walk(fs: FileSystem, root: string, rel: string, out: Map<string, string>): Promise<void> {
  const entries = await fs.readdir(join(root, rel), { withFileTypes: true })
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = `${rel}/${entry.name}`
    if (entry.isDirectory()) await walk(fs, root, path, out)
    else if (entry.isFile() && /\.(c|h)$/.test(entry.name))
      out.set(path, await fs.readFile(join(root, path), 'utf8'))
  }
}

/** Every .c and .h of the runtime and the DSP, by path relative to resources/firmware (`runtime/…`, `dsp/…`). */
export async function readVendoredSources(fs: FileSystem, resourcesDir: string): Promise<VendoredSources> {
  const root = join(resourcesDir, 'firmware')
  const out = new Map<string, string>()
  for (const folder of VENDORED_FOLDERS) {
    await walk(fs, root, folder, out).catch((error: unknown) => {
      throw new MoteFailure(
        ExportErrorCode.MissingResources,
        `The firmware sources in ${join(root, folder)} cannot be read: reinstall Mote Studio.`,
        String(error),
      )
    })
  }
  return out
}
