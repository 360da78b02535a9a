import { join } from 'node:path'
import { findBoard } from '../../../core/boards/board-lookup'
import type { Board } from '../../../core/boards/types'
import { CAPTURE_FIRMWARE, CaptureErrorCode, type FirmwareInstallResult } from '../../../shared/api/capture'
import { MoteFailure, toMoteError } from '../../../shared/errors'
import { readFirmwareImage } from '../firmware/firmware-image'
import type { Flasher } from '../flash/flasher'
import type { FileSystem } from '../system/file-system'
import { boardBuildTarget } from '../toolchain/board-target'
import type { BuildCallbacks, BuildResult, FirmwareProject } from '../toolchain/firmware-build'
import type { FirmwareInstaller } from './capture-service'

/**
 * resources/firmware/capture-uno as a firmware project for `board` (samples A0–A5, Mote protocol,
 * docs/protocol.md), with the board's flags and room from the catalog.
 */
export function captureFirmwareProject(resourcesDir: string, board: Board): FirmwareProject {
  return {
    name: 'mote-capture-uno',
    sourceDir: join(resourcesDir, 'firmware', 'capture-uno'),
    ...boardBuildTarget(board),
  }
}

export interface CaptureFirmwareDeps {
  readonly build: (
    project: FirmwareProject,
    outputDir: string,
    callbacks: BuildCallbacks,
  ) => Promise<BuildResult>
  /**
   * The app's flasher for the board (the flash service's choice: STK500v1 for the Uno, with the reset
   * that fits the port, a DTR pulse or a virtual Uno's control socket).
   */
  readonly flasherFor: (board: Board) => Flasher
  readonly fs: FileSystem
  readonly resourcesDir: string
  /** Where builds go (a cache folder). */
  readonly buildDir: string
}

/**
 * One click in the Capture view: build the capture firmware (40 % of the bar), flash it through the
 * bootloader (60 %). Build and flash failures keep their own message (a compiler line, "no bootloader
 * answered") inside a `FirmwareFailed` that says what to try.
 */
export function captureFirmwareInstaller(deps: CaptureFirmwareDeps): FirmwareInstaller {
  return async (portPath, boardId, onProgress, cancellation): Promise<FirmwareInstallResult> => {
    const board = findBoard(boardId)
    if (board === undefined || !(CAPTURE_FIRMWARE.boardIds as readonly string[]).includes(boardId)) {
      throw new MoteFailure(
        CaptureErrorCode.FirmwareFailed,
        `The capture firmware runs on the Arduino Uno (and the virtual Uno), not on ${boardId}. On other boards, print one line of values per sample and record with the data forwarder.`,
      )
    }
    const started = Date.now()
    let built: BuildResult
    try {
      built = await deps.build(captureFirmwareProject(deps.resourcesDir, board), deps.buildDir, {
        onProgress: (fraction, phrase) => onProgress(0.4 * fraction, phrase),
        ...(cancellation ? { cancellation } : {}),
      })
    } catch (error) {
      throw wrap('could not be built', error, 'Check the AVR toolchain with `mote doctor`.')
    }
    const elf = new Uint8Array(await deps.fs.readFile(built.elfPath))
    const image = readFirmwareImage(elf, 'elf', { mcu: board.mcu, source: 'Mote capture firmware' })
    try {
      const result = await deps.flasherFor(board).flash(
        image,
        { port: portPath, boardId },
        {
          onProgress: (p) => onProgress(0.4 + 0.6 * p.fraction, p.phrase),
          ...(cancellation ? { cancellation } : {}),
        },
      )
      return { boardId, portPath, flashBytes: result.bytesWritten, durationMs: Date.now() - started }
    } catch (error) {
      throw wrap(
        `could not be flashed to ${portPath}`,
        error,
        'Check the port, close other programs using it, and try again.',
      )
    }
  }
}

function wrap(what: string, error: unknown, fix: string): MoteFailure {
  const inner = toMoteError(error)
  return new MoteFailure(
    CaptureErrorCode.FirmwareFailed,
    `The capture firmware ${what}: ${inner.message} ${fix}`,
    inner.detail,
  )
}
