import type { Board } from '../../../core/boards/types'
import { ToolchainErrorCode } from '../../../shared/api/toolchain'
import { MoteFailure } from '../../../shared/errors'
import type { FirmwareProject } from './firmware-build'

/**
 * What a firmware project for `board` takes from its catalog entry, so that no figure is copied: the
 * toolchain and the flags that select the MCU, and the room the application has (flash below the
 * bootloader, all of the SRAM) for the size report.
 */
export function boardBuildTarget(board: Board): Pick<FirmwareProject, 'family' | 'cflags' | 'capacity'> {
  const { family, cflags } = board.toolchain
  if (family !== 'avr' && family !== 'arm') {
    throw new MoteFailure(
      ToolchainErrorCode.ToolchainNotFound,
      `Mote cannot build firmware for the ${board.name} yet (it needs the ${family} toolchain).`,
    )
  }
  const layout = board.flashLayout
  const flashBytes = layout
    ? layout.appEndAddress - layout.appStartAddress
    : board.flashBytes - (board.bootloaderBytes ?? 0)
  return { family, cflags, capacity: { flashBytes, ramBytes: board.sramBytes } }
}
