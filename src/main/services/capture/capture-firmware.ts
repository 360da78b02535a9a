import { join } from 'node:path'
import { CaptureErrorCode, type FirmwareInstallResult } from '../../../shared/api/capture'
import { MoteFailure, toMoteError } from '../../../shared/errors'
import { readFirmwareImage } from '../flash/firmware-image'
import type { Flasher } from '../flash/flasher'
import type { FileSystem } from '../system/file-system'
import type { BuildCallbacks, BuildResult, FirmwareProject } from '../toolchain/firmware-build'
import type { FirmwareInstaller } from './capture-service'

/** The capture firmware's UART speed: 500000 baud is exact at 16 MHz (U2X, UBRR0 = 3). */
export const CAPTURE_FIRMWARE_BAUD = 500_000

/** Boards the capture firmware is built for: the Uno's ATmega328P with optiboot, real or virtual. */
export const CAPTURE_FIRMWARE_BOARDS = ['uno', 'virtual-uno'] as const

/** resources/firmware/capture-uno as a firmware project (samples A0–A5, Mote protocol, docs/protocol.md). */
export function captureUnoProject(resourcesDir: string): FirmwareProject {
  return {
    name: 'mote-capture-uno',
    sourceDir: join(resourcesDir, 'firmware', 'capture-uno'),
    family: 'avr',
    cflags: ['-mmcu=atmega328p', '-DF_CPU=16000000UL'],
    capacity: { flashBytes: 32256, ramBytes: 2048 },
  }
}

export interface CaptureFirmwareDeps {
  readonly build: (
    project: FirmwareProject,
    outputDir: string,
    callbacks: BuildCallbacks,
  ) => Promise<BuildResult>
  /** The STK500v1 flasher (optiboot), with the reset that fits the port (DTR, or a virtual Uno's socket). */
  readonly flasher: Flasher
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
  return async (portPath, boardId, onProgress): Promise<FirmwareInstallResult> => {
    if (!(CAPTURE_FIRMWARE_BOARDS as readonly string[]).includes(boardId)) {
      throw new MoteFailure(
        CaptureErrorCode.FirmwareFailed,
        `The capture firmware runs on the Arduino Uno (and the virtual Uno), not on ${boardId}. On other boards, print one line of values per sample and record with the data forwarder.`,
      )
    }
    const started = Date.now()
    let built: BuildResult
    try {
      built = await deps.build(captureUnoProject(deps.resourcesDir), deps.buildDir, {
        onProgress: (fraction, phrase) => onProgress(0.4 * fraction, phrase),
      })
    } catch (error) {
      throw wrap('could not be built', error, 'Check the AVR toolchain with `mote doctor`.')
    }
    const elf = new Uint8Array(await deps.fs.readFile(built.elfPath))
    const image = readFirmwareImage(elf, 'elf', { mcu: 'atmega328p', source: 'Mote capture firmware' })
    try {
      const result = await deps.flasher.flash(
        image,
        { port: portPath, boardId },
        {
          onProgress: (p) => onProgress(0.4 + 0.6 * p.fraction, p.phrase),
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
