/**
 * Does a generated model fit a board? Its arena must fit the board's SRAM and its constants the flash left
 * after the bootloader. These are the model's own needs; the runtime's code, the stack and the rest of the
 * firmware come on top (the toolchain's size report measures the whole image), so a model that passes can
 * still fail to link — one that fails here cannot fit at all.
 */
import type { Board } from '../../boards/types'
import { doesNotFit } from './errors'
import type { ModelCodeSummary } from './summary'

/** Bytes in KB with one decimal, trailing ".0" dropped: 2048 → "2 KB", 2970 → "2.9 KB". */
export function kilobytes(bytes: number): string {
  return `${(Math.floor((bytes / 1024) * 10) / 10).toFixed(1).replace(/\.0$/, '')} KB`
}

/** Throws `CodegenErrorCode.ModelDoesNotFit` naming the numbers when the model cannot fit `board`. */
export function checkModelFits(summary: ModelCodeSummary, board: Board): void {
  if (summary.arenaBytes > board.sramBytes) {
    throw doesNotFit(
      `The model needs ${kilobytes(summary.arenaBytes)} of RAM for its tensors, the ${board.name} has ${kilobytes(board.sramBytes)}.`,
      `Arena ${summary.arenaBytes} B (lower bound ${summary.arenaLowerBoundBytes} B) against ${board.sramBytes} B of SRAM. A smaller input, fewer filters or a board with more RAM would fit.`,
    )
  }
  const flash = board.flashBytes - (board.bootloaderBytes ?? 0)
  if (summary.constantBytes > flash) {
    throw doesNotFit(
      `The model needs ${kilobytes(summary.constantBytes)} of flash for its weights, the ${board.name} has ${kilobytes(flash)} for programs.`,
      `Weights ${summary.weightBytes} B plus requantization constants ${summary.constantBytes - summary.weightBytes} B against ${flash} B of flash (${board.flashBytes} B less the bootloader). Pruning, clustering or a smaller model would fit.`,
    )
  }
}
