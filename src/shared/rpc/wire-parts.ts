import { RpcErrorCode, type MoteError } from '../errors'
import { copyRange, type EncodedMessage, type MessageSource } from './wire'

/**
 * Serve mode sends every message (see wire.ts) as one or more WebSocket binary messages, "parts":
 *
 *     u32 LE stream   the sender's number for this message; a call's stream is its call id
 *     u32 LE total    the whole message's length in bytes, the same in every part
 *     u32 LE offset   where this part's payload starts in the message
 *     payload         1 to PART_PAYLOAD_BYTES bytes
 *
 * Small frames keep both ends responsive: the server unmasks and handles at most one part at a time, so a
 * 50 MB import never holds the event loop while another page waits, and parts of different messages are
 * sent in turn, so a small reply overtakes a large one. The first part declares the total, so a message over
 * the limit is refused before any of it is kept.
 */

export const PART_HEADER_BYTES = 12
export const PART_PAYLOAD_BYTES = 256 * 1024
/** The largest WebSocket frame a well-behaved peer sends: `maxPayload` of the server. */
export const MAX_PART_BYTES = PART_HEADER_BYTES + PART_PAYLOAD_BYTES

/**
 * The largest message the server accepts. The contracts bound every call but two by their schemas to a few
 * kilobytes; the two that carry bulk data from a page are `dataset.add` (a recording: the capture form allows
 * 3600 s, the microphone stores 16 kHz float32, so 230 MB) and `dataset.importFiles` (the files a person picks
 * in the browser). 512 MiB holds the longest recording twice over and keeps a page's upload in memory
 * bounded; larger imports belong to `mote import` on the machine itself, which reads from disk.
 */
export const MAX_MESSAGE_BYTES = 512 * 1024 * 1024

/** A part header counts bytes in 32 bits. */
const MAX_WIRE_BYTES = 0xffff_ffff

/** Incomplete messages one connection may have at once: a page has a handful, never hundreds. */
export const MAX_OPEN_STREAMS = 256

/** What a page is told of a call over the limit, by its own bridge before sending or by the server. */
export function messageTooLarge(bytes: number, limit = MAX_MESSAGE_BYTES): MoteError {
  const mb = (n: number) => `${Math.round(n / 1e6)} MB`
  return {
    code: RpcErrorCode.MessageTooLarge,
    message:
      `This call carries ${mb(bytes)}; one call to Mote Studio in a browser carries at most ${mb(limit)}. ` +
      'Import fewer files at a time, or run `mote import` on the computer running Mote Studio.',
  }
}

/** A part that breaks the framing: the connection cannot be trusted and is closed (1002). */
export class PartProtocolError extends Error {}

/**
 * The parts of one message, ready to send. They are made at once: the message's typed arrays are copied now,
 * as IPC's structured clone does, so a service that reuses a buffer after answering (a live capture's)
 * cannot change what is still waiting to be sent.
 */
export function partsOf(
  stream: number,
  message: EncodedMessage,
  payloadBytes = PART_PAYLOAD_BYTES,
): Uint8Array[] {
  const cut = cutParts(stream, message, payloadBytes)
  cut.copyNext(cut.parts.length)
  return [...cut.parts]
}

/** A message laid out as parts whose payloads are copied a few parts at a time (`copyNext`). */
export interface PartCut {
  readonly parts: readonly Uint8Array[]
  /** How many parts, from the first, hold their payload so far. */
  readonly copied: number
  copyNext(count: number): void
}

/**
 * Lays a message out as parts in one buffer (header, payload, header, payload…, each part a view of it: one
 * allocation however large the message, not a zero-filled buffer per part) with every header written. The
 * payloads are copied by `copyNext`, so that a large message can be copied in slices between other work.
 */
export function cutParts(
  stream: number,
  message: EncodedMessage,
  payloadBytes = PART_PAYLOAD_BYTES,
): PartCut {
  if (message.bytes > MAX_WIRE_BYTES)
    throw new Error(`a message of ${message.bytes} bytes is over the wire's 4 GiB`)
  const count = Math.ceil(message.bytes / payloadBytes)
  const all = new Uint8Array(message.bytes + count * PART_HEADER_BYTES)
  const header = new DataView(all.buffer)
  const parts: Uint8Array[] = []
  for (let k = 0; k < count; k++) {
    const [offset, at] = [k * payloadBytes, k * (PART_HEADER_BYTES + payloadBytes)]
    header.setUint32(at, stream, true)
    header.setUint32(at + 4, message.bytes, true)
    header.setUint32(at + 8, offset, true)
    parts.push(all.subarray(at, at + PART_HEADER_BYTES + Math.min(payloadBytes, message.bytes - offset)))
  }
  let [copied, piece, inPiece] = [0, 0, 0]
  return {
    parts,
    get copied() {
      return copied
    },
    copyNext(n: number) {
      for (const end = Math.min(count, copied + n); copied < end; copied++) {
        const part = parts[copied]!
        for (let filled = PART_HEADER_BYTES; filled < part.length;) {
          const source = message.pieces[piece]!
          const take = Math.min(part.length - filled, source.byteLength - inPiece)
          part.set(source.subarray(inPiece, inPiece + take), filled)
          filled += take
          inPiece += take
          if (inPiece === source.byteLength) [piece, inPiece] = [piece + 1, 0]
        }
      }
    },
  }
}

export type Assembled =
  | { readonly kind: 'message'; readonly stream: number; readonly source: MessageSource }
  | { readonly kind: 'refused'; readonly stream: number; readonly total: number }

interface OpenStream {
  readonly total: number
  received: number
  /** Undefined while a refused message's remaining parts are skipped. */
  readonly chunks: Uint8Array[] | undefined
}

/**
 * Collects parts into messages for one connection. `push` returns a whole message, a refusal (the message
 * is larger than `maxMessageBytes`, or more than that is already pending: its parts are read and dropped),
 * or nothing while a message is incomplete; it throws `PartProtocolError` for a part that breaks the framing.
 */
export class PartAssembler {
  private readonly open = new Map<number, OpenStream>()
  private pendingBytes = 0

  constructor(private readonly maxMessageBytes = MAX_MESSAGE_BYTES) {}

  push(part: Uint8Array): Assembled | undefined {
    if (part.byteLength <= PART_HEADER_BYTES || part.byteLength > MAX_PART_BYTES)
      throw new PartProtocolError(`a part of ${part.byteLength} bytes`)
    const view = new DataView(part.buffer, part.byteOffset, PART_HEADER_BYTES)
    const stream = view.getUint32(0, true)
    const total = view.getUint32(4, true)
    const offset = view.getUint32(8, true)
    const payload = part.subarray(PART_HEADER_BYTES)
    const current = offset === 0 ? this.start(stream, total) : this.open.get(stream)
    if (current === undefined || current.total !== total || current.received !== offset)
      throw new PartProtocolError(`part at ${offset} of stream ${stream} does not follow what came before`)
    if (offset + payload.byteLength > total)
      throw new PartProtocolError(`stream ${stream} goes past its declared ${total} bytes`)
    current.received += payload.byteLength
    current.chunks?.push(payload)
    const complete = current.received === total
    if (complete) this.open.delete(stream)
    if (current.chunks === undefined) return offset === 0 ? { kind: 'refused', stream, total } : undefined
    if (!complete) return undefined
    this.pendingBytes -= total
    return { kind: 'message', stream, source: joinedSource(current.chunks, total) }
  }

  private start(stream: number, total: number): OpenStream {
    if (this.open.has(stream)) throw new PartProtocolError(`stream ${stream} starts twice`)
    if (total < 4) throw new PartProtocolError(`stream ${stream} declares ${total} bytes`)
    if (this.open.size >= MAX_OPEN_STREAMS)
      throw new PartProtocolError(`more than ${MAX_OPEN_STREAMS} messages are incomplete at once`)
    const accepted = this.pendingBytes + total <= this.maxMessageBytes
    if (accepted) this.pendingBytes += total
    const opened: OpenStream = { total, received: 0, chunks: accepted ? [] : undefined }
    this.open.set(stream, opened)
    return opened
  }
}

/** The chunks of one message, read by range without joining them first. */
function joinedSource(chunks: readonly Uint8Array[], total: number): MessageSource {
  if (chunks.length === 1) return { bytes: total, copy: (start, end) => copyRange(chunks[0]!, start, end) }
  const starts: number[] = []
  let at = 0
  for (const chunk of chunks) {
    starts.push(at)
    at += chunk.byteLength
  }
  return {
    bytes: total,
    copy(start, end) {
      const out = new Uint8Array(Math.max(0, end - start))
      for (let i = 0; i < chunks.length; i++) {
        const from = Math.max(start, starts[i]!)
        const to = Math.min(end, starts[i]! + chunks[i]!.byteLength)
        if (from < to) out.set(chunks[i]!.subarray(from - starts[i]!, to - starts[i]!), from - start)
      }
      return out
    },
  }
}
