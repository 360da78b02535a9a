import { join } from 'node:path'
import type { VendoredSources } from '../../../core/codegen/library'
import { PORTABLE_KERNEL_DIRS } from '../../../core/codegen/c/targets/runtime-variants'
import { ExportErrorCode } from '../../../shared/api/export'
import { MoteFailure } from '../../../shared/errors'
import type { FileSystem } from '../system/file-system'

/** The folders of resources/firmware a library carries: the runtime and the DSP blocks. */
export const VENDORED_FOLDERS = ['runtime', 'dsp'] as const

/**
 * An optimized kernel directory (runtime/kernels/cortex-m4-dsp, …): its files replace portable files of the same
 * name for one target (docs/codegen.md, "Optimized kernels"), so a library of the portable runtime leaves it out.
 */
const isKernelVariant = (path: string) =>
  /^runtime\/kernels\/[^/]+$/.test(path) &&
  !PORTABLE_KERNEL_DIRS.includes(path.slice('runtime/kernels/'.length))

async function walk(fs: FileSystem, root: string, rel: string, out: Map<string, string>): Promise<void> {
  const entries = await fs.readdir(join(root, rel), { withFileTypes: true })
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = `${rel}/${entry.name}`
    if (entry.isDirectory()) {
      if (!isKernelVariant(path)) await walk(fs, root, path, out)
    } else if (entry.isFile() && /\.(c|h)$/.test(entry.name))
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
