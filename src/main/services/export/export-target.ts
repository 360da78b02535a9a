import { findBoard } from '../../../core/boards/board-lookup'
import type { Board, CpuCore } from '../../../core/boards/types'
import type { DspNumeric } from '../../../core/codegen/c/dsp-params'
import { ExportErrorCode, type ExportFormat } from '../../../shared/api/export'
import { failureMaker } from '../../../shared/errors'

const fail = failureMaker(ExportErrorCode)

/** The board an Arduino library's example is for when none is named. */
export const DEFAULT_ARDUINO_BOARD = 'uno'

/** Cores with a single-precision FPU: the DSP's float build; every other core gets the fixed build. */
const FPU_CORES: ReadonlySet<CpuCore> = new Set<CpuCore>([
  'cortex-m4f',
  'cortex-m7',
  'cortex-m33',
  'xtensa-lx6',
])

/** The catalog board of a request: none for `c` and `tflite` unless named, the Uno for `arduino`; firmware needs one. */
export function resolveExportBoard(format: ExportFormat, boardId: string | undefined): Board | undefined {
  const id = boardId ?? (format === 'arduino' ? DEFAULT_ARDUINO_BOARD : undefined)
  if (id === undefined && format === 'firmware')
    throw fail(
      'InvalidRequest',
      'Firmware is built for one board: name it (`--board uno`; `mote boards` lists them).',
    )
  if (id === undefined) return undefined
  const board = findBoard(id)
  if (board === undefined)
    throw fail('UnknownBoard', `There is no board "${id}" in the catalog: \`mote boards\` lists them.`)
  if (format === 'arduino' && board.virtual)
    throw fail(
      'BoardNotSupported',
      `The ${board.name} is a virtual board with no Arduino core: export a C library for it, or pick a real board.`,
    )
  return board
}

/** The DSP build for a board: float where the core has an FPU (and on the host when no board is named). */
export function dspNumericFor(board: Board | undefined): DspNumeric {
  return board === undefined || FPU_CORES.has(board.core) ? 'float' : 'fixed'
}
