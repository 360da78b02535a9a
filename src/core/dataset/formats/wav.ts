import { importFailure, notSampleData } from '../errors'
import { PCM16_SCALE, toPcm16Int } from '../pcm'
import { checkLength } from '../sample-limits'

/**
 * RIFF/WAVE with 16-bit integer PCM (format 1, or WAVE_FORMAT_EXTENSIBLE with the PCM sub-format), any rate,
 * any channel count, read as it arrives (`WavReader`: chunks of any size in, one mono sample out). Chunks
 * other than `fmt ` and `data` are skipped (with RIFF's pad byte). Several channels are mixed to mono by
 * averaging and rounding back to 16 bits. A `data` chunk that claims more bytes than the file holds is
 * refused with the byte offset of the damage — before its values are allocated when the file's size is known.
 */
export interface DecodedWav {
  readonly rateHz: number
  /** Mono, on the 16-bit grid (k/32768). */
  readonly values: Float32Array
  readonly channels: number
}

export interface WavFormat {
  readonly channels: number
  readonly rateHz: number
  readonly bits: number
}

export interface WavReaderOptions {
  /** The file's size in bytes, when known: checked against the data chunk's size before reading it. */
  readonly fileBytes?: number
  /** Called once the fmt chunk is read, with the byte offset of its rate field (to check the rate early). */
  readonly onFormat?: (format: WavFormat, rateAt: number) => void
}

export function isWav(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE'
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length))
}

type Expecting = 'riff' | 'chunk' | 'fmt'

/** How many bytes of the fmt chunk are read (WAVE_FORMAT_EXTENSIBLE's is 40); the rest is skipped. */
const FMT_BYTES = 40

export class WavReader {
  /** Bytes consumed so far: the offset in the file of the next byte. */
  private at = 0
  private expecting: Expecting | 'skip' | 'data' | 'done' = 'riff'
  private readonly head = new Uint8Array(FMT_BYTES)
  private need = 12
  private have = 0
  private skipBytes = 0
  private format: WavFormat | undefined
  private data: { start: number; size: number; left: number; values: Float32Array; frame: number } | undefined
  private readonly partial = new Uint8Array(0x20000)
  private partialLength = 0

  constructor(
    private readonly file: string,
    private readonly options: WavReaderOptions = {},
  ) {}

  push(chunk: Uint8Array): void {
    let i = 0
    while (i < chunk.length && this.expecting !== 'done') {
      const rest = chunk.length - i
      if (this.expecting === 'skip') {
        const n = Math.min(this.skipBytes, rest)
        this.skipBytes -= n
        if (this.skipBytes === 0) this.expect('chunk', 8)
        i += n
        this.at += n
      } else if (this.expecting === 'data') {
        const n = Math.min(this.data!.left, rest)
        this.readData(chunk.subarray(i, i + n))
        i += n
        this.at += n
        // Chunks after the data (LIST, id3) are not read.
        if (this.data!.left === 0) this.expecting = 'done'
      } else {
        const n = Math.min(this.need - this.have, rest)
        this.head.set(chunk.subarray(i, i + n), this.have)
        this.have += n
        i += n
        this.at += n
        if (this.have === this.need) this.onHead()
      }
    }
  }

  end(): DecodedWav {
    if (this.expecting === 'riff') throw notSampleData(this.file, 'byte 0', 'it is not a RIFF/WAVE file')
    if (this.data === undefined)
      throw importFailure(this.file, `byte ${this.at}`, 'the file has no data chunk (it may be truncated)')
    if (this.data.left > 0) throw this.truncated(this.at)
    return { rateHz: this.format!.rateHz, values: this.data.values, channels: this.format!.channels }
  }

  private expect(what: Expecting, bytes: number): void {
    this.expecting = what
    this.need = bytes
    this.have = 0
  }

  private onHead(): void {
    const view = new DataView(this.head.buffer, 0, this.need)
    if (this.expecting === 'riff') {
      if (!isWav(this.head)) throw notSampleData(this.file, 'byte 0', 'it is not a RIFF/WAVE file')
      this.expect('chunk', 8)
    } else if (this.expecting === 'fmt') {
      this.format = this.readFormat(view, this.at - this.need)
      this.options.onFormat?.(this.format, this.at - this.need + 4)
      this.skipOrNext(this.skipBytes)
    } else this.onChunk(ascii(this.head, 0, 4), view.getUint32(4, true))
  }

  private onChunk(id: string, size: number): void {
    const start = this.at - 8
    if (id === 'fmt ') {
      if (size < 16) throw importFailure(this.file, `byte ${this.at}`, 'the fmt chunk is too short')
      this.skipBytes = size - Math.min(size, FMT_BYTES) + (size & 1)
      this.expect('fmt', Math.min(size, FMT_BYTES))
    } else if (id === 'data') this.startData(start, size)
    else this.skipOrNext(size + (size & 1))
  }

  private skipOrNext(bytes: number): void {
    this.skipBytes = bytes
    if (bytes === 0) this.expect('chunk', 8)
    else this.expecting = 'skip'
  }

  private startData(start: number, size: number): void {
    const format = this.format
    if (format === undefined)
      throw importFailure(this.file, `byte ${start}`, 'the data chunk comes before the fmt chunk')
    const fileBytes = this.options.fileBytes
    if (fileBytes !== undefined && start + 8 + size > fileBytes) throw this.truncated(fileBytes, start, size)
    const frames = Math.floor(size / (2 * format.channels))
    checkLength(this.file, `byte ${start}`, Math.max(frames, 1), 'the audio has')
    this.data = { start, size, left: size, values: new Float32Array(frames), frame: 0 }
    this.expecting = size === 0 ? 'done' : 'data'
  }

  private truncated(end: number, start = this.data!.start, size = this.data!.size) {
    return importFailure(
      this.file,
      `byte ${end}`,
      `the file is truncated: its data chunk at byte ${start} declares ${size} bytes but only ${end - start - 8} follow`,
    )
  }

  private readFormat(view: DataView, at: number): WavFormat {
    let tag = view.getUint16(0, true)
    const channels = view.getUint16(2, true)
    const rateHz = view.getUint32(4, true)
    const bits = view.getUint16(14, true)
    // WAVE_FORMAT_EXTENSIBLE: the real format tag is the first two bytes of the sub-format GUID.
    if (tag === 0xfffe && view.byteLength >= 26) tag = view.getUint16(24, true)
    if (tag !== 1 || bits !== 16) {
      const kind = tag === 1 ? `${bits}-bit` : tag === 3 ? 'floating-point' : `format ${tag}`
      throw importFailure(
        this.file,
        `byte ${at}`,
        `it is ${kind} audio; Mote reads 16-bit PCM WAV (convert it, e.g. with sox -b 16)`,
      )
    }
    if (channels < 1 || rateHz < 1)
      throw importFailure(this.file, `byte ${at}`, 'the fmt chunk gives no channels or no rate')
    return { channels, rateHz, bits }
  }

  /** Whole frames are mixed to mono; the bytes of a frame cut by the chunk's end wait for the next chunk. */
  private readData(bytes: Uint8Array): void {
    const data = this.data!
    data.left -= bytes.length
    const frameBytes = 2 * this.format!.channels
    let from = 0
    if (this.partialLength > 0) {
      from = Math.min(frameBytes - this.partialLength, bytes.length)
      this.partial.set(bytes.subarray(0, from), this.partialLength)
      this.partialLength += from
      if (this.partialLength < frameBytes) return
      this.mix(this.partial.subarray(0, frameBytes), 1)
      this.partialLength = 0
    }
    const whole = Math.floor((bytes.length - from) / frameBytes)
    this.mix(bytes.subarray(from, from + whole * frameBytes), whole)
    const tail = bytes.subarray(from + whole * frameBytes)
    this.partial.set(tail)
    this.partialLength = tail.length
  }

  /** Hot (an imported hour of audio is 58 M values): locals only in the loops, mono without the inner loop. */
  private mix(bytes: Uint8Array, frames: number): void {
    const data = this.data!
    const channels = this.format!.channels
    const values = data.values
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const start = data.frame
    const count = Math.min(frames, values.length - start)
    if (channels === 1) {
      for (let t = 0; t < count; t++) values[start + t] = view.getInt16(2 * t, true) / PCM16_SCALE
    } else {
      for (let t = 0; t < count; t++) {
        let sum = 0
        for (let c = 0; c < channels; c++) sum += view.getInt16((t * channels + c) * 2, true)
        values[start + t] = Math.round(sum / channels) / PCM16_SCALE
      }
    }
    data.frame = start + count
  }
}

/** A whole WAV file in memory (the demo's synthesized speech, tests); imports stream with `WavReader`. */
export function decodeWav(file: string, bytes: Uint8Array): DecodedWav {
  const reader = new WavReader(file, { fileBytes: bytes.length })
  reader.push(bytes)
  return reader.end()
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
