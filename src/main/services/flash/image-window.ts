import { FlashErrorCode } from '../../../shared/api/flash'
import { MoteFailure } from '../../../shared/errors'

/** Refuses an image that would land outside the board's application window (over the bootloader). */
export function checkImageRange(
  image: { readonly baseAddress: number; readonly bytes: Uint8Array },
  window: { readonly appStartAddress: number; readonly appEndAddress: number },
  boardName: string,
): void {
  const end = image.baseAddress + image.bytes.length
  if (image.bytes.length === 0 || image.baseAddress < window.appStartAddress || end > window.appEndAddress) {
    throw new MoteFailure(
      FlashErrorCode.ImageOutOfRange,
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

/** What a flash cancelled at `where` ("after 3 of 12 blocks") tells the user. */
export function flashCancelled(where: string): string {
  return `Flashing was cancelled ${where}; flash again to finish.`
}
