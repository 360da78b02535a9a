import { buildUf2 } from '../firmware/uf2'
import type { FileSystem } from '../system/file-system'
import { atomicWriteFile } from '../system/atomic-write'
import type { OutputFormatWriter } from './firmware-build'

/**
 * The .uf2 output of a build, for boards flashed by copying a file to their boot drive (RP2040): the
 * linked .bin cut into UF2 blocks for `familyId` at `baseAddress` (0x10000000 for the RP2040's XIP flash).
 */
export function uf2Writer(fs: FileSystem, familyId: number, baseAddress: number): OutputFormatWriter {
  return {
    format: 'uf2',
    async write({ binPath }) {
      const uf2Path = binPath.replace(/\.bin$/, '.uf2')
      const bin = new Uint8Array(await fs.readFile(binPath))
      await atomicWriteFile(fs, uf2Path, buildUf2(bin, baseAddress, familyId))
      return uf2Path
    },
  }
}
