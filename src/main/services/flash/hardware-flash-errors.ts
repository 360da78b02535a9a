import { MoteFailure } from '../../../shared/errors'
import type { CancellationToken } from '../../../shared/api/jobs'

/**
 * Errors of the SAM-BA, UF2, DFU and ESP32 flashers: 7500–7999 of the flash block (7000–7499 belong to the
 * STK500v1 and QEMU flashers). Stable numbers: tests and docs name them.
 */
export const HardwareFlashErrorCode = {
  BoardNotSupported: 7500,
  ImageOutOfRange: 7501,
  BootloaderNotFound: 7502,
  NoAnswer: 7503,
  WrongChip: 7504,
  VerifyFailed: 7505,
  Cancelled: 7506,
  Disconnected: 7507,
  ProtocolError: 7508,
  Uf2DriveNotFound: 7520,
  Uf2WrongDrive: 7521,
  Uf2CopyFailed: 7522,
  Uf2NoRestart: 7523,
  DfuDeviceNotFound: 7540,
  DfuStatusError: 7541,
  DfuNoInterface: 7542,
  UsbUnavailable: 7543,
  Esp32ConnectFailed: 7560,
  Esp32WrongChip: 7561,
  Esp32FlashFailed: 7562,
} as const

export function failure(code: number, message: string, detail?: string): MoteFailure {
  return new MoteFailure(code, message, detail)
}

/** Throws the cancellation failure when the job was cancelled; flashers call it between pages. */
export function throwIfCancelled(cancellation: CancellationToken | undefined, where: string): void {
  if (cancellation?.aborted === true) {
    throw failure(HardwareFlashErrorCode.Cancelled, `Flashing was cancelled ${where}; flash again to finish.`)
  }
}

/** Refuses an image that would land outside the board's application window (over the bootloader). */
export function checkImageRange(
  image: { readonly baseAddress: number; readonly bytes: Uint8Array },
  window: { readonly appStartAddress: number; readonly appEndAddress: number },
  boardName: string,
): void {
  const end = image.baseAddress + image.bytes.length
  if (image.bytes.length === 0 || image.baseAddress < window.appStartAddress || end > window.appEndAddress) {
    throw failure(
      HardwareFlashErrorCode.ImageOutOfRange,
      `This image spans 0x${hex(image.baseAddress)}–0x${hex(end)}, but ${boardName} takes applications at ` +
        `0x${hex(window.appStartAddress)}–0x${hex(window.appEndAddress)}; build it for ${boardName}.`,
    )
  }
}

export function hex(n: number): string {
  return n.toString(16).padStart(8, '0')
}

/** The image padded with 0xFF (erased flash) to a multiple of `unitBytes`. */
export function padImage(bytes: Uint8Array, unitBytes: number): Uint8Array {
  const length = Math.ceil(bytes.length / unitBytes) * unitBytes
  if (length === bytes.length) return bytes
  const padded = new Uint8Array(length).fill(0xff)
  padded.set(bytes)
  return padded
}
