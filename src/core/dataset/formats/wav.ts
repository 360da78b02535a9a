import { importFailure } from '../errors'
import { PCM16_SCALE, toPcm16Int } from '../pcm'

/**
 * RIFF/WAVE with 16-bit integer PCM (format 1, or WAVE_FORMAT_EXTENSIBLE with the PCM sub-format), any rate,
 * any channel count. Chunks other than `fmt ` and `data` are skipped (with RIFF's pad byte). Several channels
 * are mixed to mono by averaging and rounding back to 16 bits. A file whose `data` chunk claims more bytes
 * than the file holds is truncated and refused, with the byte offset of the damage.
 */
export interface DecodedWav {
  readonly rateHz: number
  /** Mono, on the 16-bit grid (k/32768). */
  readonly values: Float32Array
  readonly channels: number
}

export function isWav(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE'
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length))
}

interface Format {
  channels: number
  rateHz: number
  bits: number
}

export function decodeWav(file: string, bytes: Uint8Array): DecodedWav {
  if (!isWav(bytes)) throw importFailure(file, 'byte 0', 'it is not a RIFF/WAVE file')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let format: Format | undefined
  let at = 12
  while (at + 8 <= bytes.length) {
    const id = ascii(bytes, at, 4)
    const size = view.getUint32(at + 4, true)
    const body = at + 8
    if (id === 'fmt ') format = readFormat(file, view, body, size)
    if (id === 'data') {
      if (format === undefined)
        throw importFailure(file, `byte ${at}`, 'the data chunk comes before the fmt chunk')
      if (body + size > bytes.length) {
        throw importFailure(
          file,
          `byte ${bytes.length}`,
          `the file is truncated: its data chunk at byte ${at} declares ${size} bytes but only ${bytes.length - body} follow`,
        )
      }
      return { ...readSamples(view, body, size, format), channels: format.channels }
    }
    at = body + size + (size & 1)
  }
  throw importFailure(
    file,
    `byte ${Math.min(at, bytes.length)}`,
    'the file has no data chunk (it may be truncated)',
  )
}

function readFormat(file: string, view: DataView, at: number, size: number): Format {
  if (size < 16 || at + 16 > view.byteLength)
    throw importFailure(file, `byte ${at}`, 'the fmt chunk is too short')
  let tag = view.getUint16(at, true)
  const channels = view.getUint16(at + 2, true)
  const rateHz = view.getUint32(at + 4, true)
  const bits = view.getUint16(at + 14, true)
  // WAVE_FORMAT_EXTENSIBLE: the real format tag is the first two bytes of the sub-format GUID.
  if (tag === 0xfffe && size >= 40 && at + 26 <= view.byteLength) tag = view.getUint16(at + 24, true)
  if (tag !== 1 || bits !== 16) {
    throw importFailure(
      file,
      `byte ${at}`,
      `it is ${tag === 1 ? `${bits}-bit` : tag === 3 ? 'floating-point' : `format ${tag}`} audio; Mote reads 16-bit PCM WAV (convert it, e.g. with sox -b 16)`,
    )
  }
  if (channels < 1 || rateHz < 1)
    throw importFailure(file, `byte ${at}`, 'the fmt chunk gives no channels or no rate')
  return { channels, rateHz, bits }
}

function readSamples(
  view: DataView,
  at: number,
  size: number,
  format: Format,
): { rateHz: number; values: Float32Array } {
  const frames = Math.floor(size / (2 * format.channels))
  const values = new Float32Array(frames)
  for (let t = 0; t < frames; t++) {
    let sum = 0
    for (let c = 0; c < format.channels; c++) sum += view.getInt16(at + (t * format.channels + c) * 2, true)
    values[t] = (format.channels === 1 ? sum : Math.round(sum / format.channels)) / PCM16_SCALE
  }
  return { rateHz: format.rateHz, values }
}

/** A mono 16-bit PCM WAV of `values` (rounded to the 16-bit grid; exact for audio samples). */
export function encodeWav(values: Float32Array, rateHz: number): Uint8Array {
  const bytes = new Uint8Array(44 + values.length * 2)
  const view = new DataView(bytes.buffer)
  const text = (at: number, s: string) => [...s].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)))
  text(0, 'RIFF')
  view.setUint32(4, 36 + values.length * 2, true)
  text(8, 'WAVE')
  text(12, 'fmt ')
  view.setUint32(16, 16, true)
  view.setUint16(20, 1, true)
  view.setUint16(22, 1, true)
  view.setUint32(24, Math.round(rateHz), true)
  view.setUint32(28, Math.round(rateHz) * 2, true)
  view.setUint16(32, 2, true)
  view.setUint16(34, 16, true)
  text(36, 'data')
  view.setUint32(40, values.length * 2, true)
  for (let i = 0; i < values.length; i++) view.setInt16(44 + i * 2, toPcm16Int(values[i]!), true)
  return bytes
}
