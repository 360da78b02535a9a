import { extname, join } from 'node:path'
import type { Board } from '../../../core/boards/types'
import { ExportErrorCode, type ExportResult } from '../../../shared/api/export'
import { failureMaker } from '../../../shared/errors'
import { firmwareInputFor } from '../device-test/deploy-run'
import { buildInferenceFirmware, type InferenceFirmwareDeps } from '../device-test/inference-firmware'
import type { FileSystem } from '../system/file-system'
import type { BuildResult } from '../toolchain/firmware-build'
import type { ExportVariant } from './variant-source'

const fail = failureMaker(ExportErrorCode)

export interface FirmwareExportDeps extends InferenceFirmwareDeps {
  /** Where builds are kept, one folder per board (an unchanged rebuild is skipped). */
  readonly workDir: string
}

export interface FirmwareExport {
  readonly bytes: Uint8Array
  readonly firmware: NonNullable<ExportResult['firmware']>
}

/** The build's file for the extension asked for: .elf, .hex, .bin, or the .uf2 of a board flashed by UF2. */
function imagePath(built: BuildResult, extension: string, board: Board): string {
  if (extension === '.elf') return built.elfPath
  if (extension === '.hex') return built.hexPath
  if (extension === '.bin') return built.binPath
  const uf2 = built.extraOutputs['uf2']
  if (uf2 === undefined)
    throw fail('BadOutput', `The ${board.name} does not take .uf2 files: write a .hex, .elf or .bin.`)
  return uf2
}

function checkFits(board: Board, built: BuildResult): void {
  const { size } = built
  const over: string[] = []
  if ((size.flashFreeBytes ?? 0) < 0)
    over.push(`${size.flashBytes} B of flash (${-size.flashFreeBytes!} B too many)`)
  if ((size.ramFreeBytes ?? 0) < 0)
    over.push(`${size.ramBytes} B of static RAM (${-size.ramFreeBytes!} B too many)`)
  if (over.length)
    throw fail(
      'FirmwareDoesNotFit',
      `The firmware needs ${over.join(' and ')} on the ${board.name}: try a smaller variant or a larger board.`,
    )
}

/**
 * The Mote inference firmware (docs/firmware.md) for `board`, built by device-test's firmware build with the
 * toolchain, and the image file the output's extension asks for.
 */
export async function exportFirmware(
  deps: FirmwareExportDeps,
  fs: FileSystem,
  board: Board,
  variant: ExportVariant,
  project: string,
  outPath: string,
): Promise<FirmwareExport> {
  const input = firmwareInputFor(board, variant, project)
  const built = await buildInferenceFirmware(deps, board, input, join(deps.workDir, 'firmware', board.id))
  checkFits(board, built)
  const bytes = new Uint8Array(await fs.readFile(imagePath(built, extname(outPath).toLowerCase(), board)))
  const { flashBytes, ramBytes, flashFreeBytes, ramFreeBytes } = built.size
  return {
    bytes,
    firmware: {
      flashBytes,
      ramBytes,
      ...(flashFreeBytes === undefined ? {} : { flashFreeBytes }),
      ...(ramFreeBytes === undefined ? {} : { ramFreeBytes }),
    },
  }
}
