import { FlashErrorCode } from '../../../shared/api/flash'
import { join } from 'node:path'
import { findBoard } from '../../../core/boards/board-lookup'
import type { Board, FlashLayout } from '../../../core/boards/types'
import type { CancellationToken } from '../../../shared/api/jobs'
import { isMoteFailure, MoteFailure, throwIfCancelled } from '../../../shared/errors'
import { pathExists, type FileSystem } from '../system/file-system'
import { realSleep, touch1200 } from './bootloader-port'
import type { FirmwareImage } from '../firmware/firmware-image'
import type { FlashOptions, FlashResult, FlashTarget, Flasher } from './flasher'
import { checkImageRange, flashCancelled } from './image-window'
import type { SerialOpener } from '../serial/serial-port'
import { buildUf2 } from '../firmware/uf2'
import { findUf2Drives, readInfo, type DriveCandidates, type Uf2Drive } from './uf2-drives'

export interface Uf2FlasherDeps {
  readonly fs: FileSystem
  readonly drives: DriveCandidates
  /** For the 1200-baud touch that sends a running board to BOOTSEL (Arduino cores, arduino-pico). */
  readonly opener?: SerialOpener
  readonly sleep?: (ms: number) => Promise<void>
  readonly now?: () => number
  /** How long to wait for the drive to mount after the touch, and to vanish after the copy. */
  readonly mountWaitMs?: number
  readonly restartWaitMs?: number
}

type Uf2Layout = FlashLayout & { readonly uf2: NonNullable<FlashLayout['uf2']> }

/** The file is written in slices so that progress moves and cancellation is honoured during the copy. */
const WRITE_SLICE_BYTES = 32 * 1024
const POLL_MS = 100

/**
 * UF2 (RP2040): build the .uf2, find the mounted drive whose INFO_UF2.TXT names the board (after a
 * 1200-baud touch when the target is a serial port), copy the file, and wait for the drive to disappear,
 * which is the boot ROM restarting into the new image. UF2 has no read-back, so results are unverified.
 */
export class Uf2Flasher implements Flasher {
  readonly protocol = 'uf2' as const

  constructor(private readonly deps: Uf2FlasherDeps) {}

  async flash(image: FirmwareImage, target: FlashTarget, options: FlashOptions): Promise<FlashResult> {
    const now = this.deps.now ?? Date.now
    const started = now()
    const { board, layout } = uf2Board(target.boardId)
    checkImageRange(image, layout, board.name)
    const report = (fraction: number, phrase: string) => options.onProgress?.({ fraction, phrase })
    const file = buildUf2(image.bytes, image.baseAddress, layout.uf2.familyId)
    report(0, `Looking for the ${layout.uf2.volumeLabel} drive`)
    const drive = await this.findDrive(board, layout, target.port, options.cancellation)
    const path = join(drive.root, `mote-${started}.uf2`)
    await this.copy(path, file, report, options.cancellation)
    report(0.95, 'Waiting for the board to restart')
    await this.waitGone(drive, board)
    report(1, 'Done')
    return {
      bytesWritten: image.bytes.length,
      verified: false,
      durationMs: now() - started,
      deviceIdentity: Object.entries(drive.info)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; '),
    }
  }

  private async findDrive(
    board: Board,
    layout: Uf2Layout,
    port: string,
    cancellation?: CancellationToken,
  ): Promise<Uf2Drive> {
    const direct = await readInfo(this.deps.fs, port)
    if (direct !== undefined) {
      if (direct['Board-ID'] !== layout.uf2.boardId) {
        throw new MoteFailure(
          FlashErrorCode.Uf2WrongDrive,
          `The drive ${port} belongs to "${direct['Board-ID'] ?? 'an unknown board'}", not ${board.name}; pick the ${layout.uf2.volumeLabel} drive.`,
        )
      }
      return { root: port, info: direct }
    }
    const mounted = await findUf2Drives(this.deps.fs, this.deps.drives, layout.uf2.boardId)
    if (mounted[0] !== undefined) return mounted[0]
    if (this.deps.opener !== undefined) await touch1200(this.deps.opener, port)
    const deadline = Date.now() + (this.deps.mountWaitMs ?? 10_000)
    while (Date.now() < deadline) {
      throwIfCancelled(cancellation, flashCancelled('while waiting for the drive'))
      await (this.deps.sleep ?? realSleep)(POLL_MS)
      const found = await findUf2Drives(this.deps.fs, this.deps.drives, layout.uf2.boardId)
      if (found[0] !== undefined) return found[0]
    }
    throw new MoteFailure(
      FlashErrorCode.Uf2DriveNotFound,
      `No ${layout.uf2.volumeLabel} drive is mounted. Hold BOOTSEL while plugging ${board.name} in (or double-tap reset), wait for the drive to open, and flash again.`,
    )
  }

  private async copy(
    path: string,
    file: Uint8Array,
    report: (f: number, p: string) => void,
    cancellation?: CancellationToken,
  ) {
    const slices = Math.ceil(file.length / WRITE_SLICE_BYTES)
    let handle
    try {
      handle = await this.deps.fs.open(path, 'w')
      for (let i = 0; i < slices; i++) {
        throwIfCancelled(cancellation, flashCancelled(`after ${i} of ${slices} parts of the copy`))
        await handle.write(file.subarray(i * WRITE_SLICE_BYTES, (i + 1) * WRITE_SLICE_BYTES))
        report(0.05 + (0.9 * (i + 1)) / slices, `Copying part ${i + 1} of ${slices}`)
      }
      // The drive is a window on the flash: data still in the page cache has not reached the board.
      await handle.sync()
    } catch (error) {
      if (isMoteFailure(error)) throw error
      throw new MoteFailure(
        FlashErrorCode.Uf2CopyFailed,
        `Copying the firmware to ${path} failed; unplug the board, enter BOOTSEL again and retry.`,
        String(error),
      )
    } finally {
      await handle?.close().catch(() => undefined)
    }
  }

  private async waitGone(drive: Uf2Drive, board: Board): Promise<void> {
    const deadline = Date.now() + (this.deps.restartWaitMs ?? 10_000)
    const info = join(drive.root, 'INFO_UF2.TXT')
    while (Date.now() < deadline) {
      if (!(await pathExists(this.deps.fs, info).catch(() => false))) return
      await (this.deps.sleep ?? realSleep)(POLL_MS)
    }
    throw new MoteFailure(
      FlashErrorCode.Uf2NoRestart,
      `${board.name} did not restart after the copy: the ${drive.root} drive is still there. The file may be for another chip; check the board and flash again.`,
    )
  }
}

function uf2Board(boardId: string): { board: Board; layout: Uf2Layout } {
  const board = findBoard(boardId)
  const layout = board?.flashLayout
  if (board === undefined || layout?.uf2 === undefined) {
    throw new MoteFailure(
      FlashErrorCode.BoardNotSupported,
      `Board "${boardId}" is not flashed by copying a UF2 file; pick its own flash method.`,
    )
  }
  return { board, layout: layout as Uf2Layout }
}
