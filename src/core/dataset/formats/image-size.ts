import { importFailure } from '../errors'

/** The size an image file declares, and the byte offset where it says so (for messages). */
export interface DeclaredSize {
  readonly width: number
  readonly height: number
  readonly at: number
}

/** A PNG's size from its IHDR chunk, which the PNG specification puts first, right after the signature. */
export function pngSize(file: string, bytes: Uint8Array): DeclaredSize {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const type = String.fromCharCode(...bytes.subarray(12, 16))
  if (bytes.length < 24 || type !== 'IHDR')
    throw importFailure(file, 'byte 8', 'the PNG does not start with its header chunk (IHDR); it is damaged')
  return { width: view.getUint32(16), height: view.getUint32(20), at: 16 }
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic), which carry the image size. */
const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf])

/**
 * A JPEG's size from its start-of-frame segment: the segments before it are walked by their lengths
 * (ITU T.81 B.1.1); markers without a length (RSTn, TEM) are stepped over, fill bytes 0xFF skipped.
 */
export function jpegSize(file: string, bytes: Uint8Array): DeclaredSize {
  let at = 2
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) break
    const marker = bytes[at + 1]!
    if (marker === 0xff) {
      at++
      continue
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2
      continue
    }
    if (marker === 0xd9 || marker === 0xda) break
    if (SOF_MARKERS.has(marker)) {
      if (at + 9 > bytes.length) break
      const height = (bytes[at + 5]! << 8) | bytes[at + 6]!
      const width = (bytes[at + 7]! << 8) | bytes[at + 8]!
      return { width, height, at: at + 5 }
    }
    at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!)
  }
  throw importFailure(
    file,
    `byte ${Math.min(at, bytes.length)}`,
    'the JPEG has no frame header before its image data; it is damaged',
  )
}
