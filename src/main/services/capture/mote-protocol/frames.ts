import { cobsDecode, cobsEncode } from './cobs'
import { crc16 } from './crc16'

/**
 * Mote protocol framing (docs/protocol.md): a frame is `type (1 byte) | payload | CRC-16 (2 bytes, little
 * endian)` over type and payload, COBS-encoded and followed by one 0x00 delimiter. Decoded frames are at
 * most `MAX_FRAME_BYTES`. The decoder is a stream transform: feed it chunks split anywhere; each complete
 * frame whose CRC matches is delivered, anything else (bad COBS, bad CRC, too long, too short) is counted and
 * dropped, never misread, and the decoder resynchronises at the next 0x00.
 */
export const MAX_FRAME_BYTES = 250
const MAX_ENCODED_BYTES = MAX_FRAME_BYTES + 2

export function encodeFrame(type: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (payload.length + 3 > MAX_FRAME_BYTES)
    throw new RangeError(`a frame payload is at most ${MAX_FRAME_BYTES - 3} bytes`)
  const raw = new Uint8Array(payload.length + 3)
  raw[0] = type
  raw.set(payload, 1)
  const crc = crc16(raw, 0, payload.length + 1)
  raw[payload.length + 1] = crc & 0xff
  raw[payload.length + 2] = crc >> 8
  const encoded = cobsEncode(raw)
  const wire = new Uint8Array(encoded.length + 1)
  wire.set(encoded)
  return wire
}

export type FrameFault = 'crc' | 'cobs' | 'too-long' | 'too-short'

export interface FrameSink {
  onFrame(type: number, payload: Uint8Array): void
  onFault(fault: FrameFault): void
}

export class FrameDecoder {
  private readonly buffer = new Uint8Array(MAX_ENCODED_BYTES)
  private length = 0
  private overflow = false
  /** Bytes before the first delimiter may be the tail of a frame sent before the port opened. */
  private synced = false

  constructor(private readonly sink: FrameSink) {}

  push(chunk: Uint8Array): void {
    let start = 0
    for (let end = chunk.indexOf(0); end >= 0; end = chunk.indexOf(0, start)) {
      this.take(chunk, start, end)
      this.finish()
      start = end + 1
    }
    this.take(chunk, start, chunk.length)
  }

  private take(chunk: Uint8Array, from: number, to: number): void {
    if (this.overflow || to <= from) return
    if (this.length + (to - from) > MAX_ENCODED_BYTES) {
      this.overflow = true
      return
    }
    this.buffer.set(chunk.subarray(from, to), this.length)
    this.length += to - from
  }

  private finish(): void {
    const wasSynced = this.synced
    this.synced = true
    const length = this.length
    const overflow = this.overflow
    this.length = 0
    this.overflow = false
    if (!wasSynced || (length === 0 && !overflow)) return
    if (overflow) return this.sink.onFault('too-long')
    const raw = cobsDecode(this.buffer.subarray(0, length))
    if (raw === undefined) return this.sink.onFault('cobs')
    if (raw.length < 3) return this.sink.onFault('too-short')
    const crc = raw[raw.length - 2]! | (raw[raw.length - 1]! << 8)
    if (crc16(raw, 0, raw.length - 2) !== crc) return this.sink.onFault('crc')
    this.sink.onFrame(raw[0]!, raw.slice(1, raw.length - 2))
  }
}
