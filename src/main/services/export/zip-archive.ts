import { zipSync, type Zippable } from 'fflate'
import { encodeUtf8 } from '../../../core/util/text-codecs'

/**
 * A zip of text files (fflate, MIT: docs/architecture.md), deflated, every entry stamped with `mtime`.
 * Paths are `/`-separated and relative, as the zip format wants.
 */
export function zipTextFiles(files: readonly { path: string; text: string }[], mtime: Date): Uint8Array {
  const entries: Zippable = {}
  for (const file of files) entries[file.path] = [encodeUtf8(file.text), { level: 6, mtime }]
  return zipSync(entries)
}
