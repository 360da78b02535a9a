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
 * The parts of one message, produced one at a time as the sender is ready for each. A part is handed over as
 * its pieces: its header first, then its payload, which is one piece or several (a part that spans two
 * pieces of the message). The server sends the pieces of a part as the fragments of one WebSocket message;
 * the browser, which cannot fragment, sends parts of one piece (`copiedParts`).
 */
export interface PartSource {
  /** Payload bytes not yet handed out. */
  readonly remaining: number
  /** The next part's pieces; only while `remaining > 0`. */
  next(): readonly Uint8Array[]
}

/**
 * A message's parts copied now into one buffer (header, payload, header, payload…; one allocation, each part
 * a view of it and handed out as one piece), as IPC's structured clone copies: a service or page that reuses
 * a buffer after sending it (a live capture's) cannot change what is still waiting to be sent.
 */
export function copiedParts(
  stream: number,
  message: EncodedMessage,
  payloadBytes = PART_PAYLOAD_BYTES,
): PartSource {
  const count = partCount(message, payloadBytes)
  const all = new Uint8Array(message.bytes + count * PART_HEADER_BYTES)
  const parts: Uint8Array[] = []
  const payloads = payloadViews(message, payloadBytes)
  for (let k = 0; k < count; k++) {
    const at = k * (PART_HEADER_BYTES + payloadBytes)
    writePartHeader(all.subarray(at, at + PART_HEADER_BYTES), stream, message.bytes, k * payloadBytes)
    let filled = at + PART_HEADER_BYTES
    for (const piece of payloads.next()) {
      all.set(piece, filled)
      filled += piece.byteLength
    }
    parts.push(all.subarray(at, filled))
  }
  let next = 0
  return {
    get remaining() {
      return next < count ? message.bytes - next * payloadBytes : 0
    },
    next: () => [parts[next++]!],
  }
}

/**
 * A message's parts as views of its own pieces, nothing copied: each part's 12-byte header is made when the
 * part is asked for. For a large reply, whose buffers the service made for it and does not touch again: the
 * bytes go from the service's buffer to the socket, and no second copy of 14 MB waits in memory.
 */
export function viewedParts(
  stream: number,
  message: EncodedMessage,
  payloadBytes = PART_PAYLOAD_BYTES,
): PartSource {
  const count = partCount(message, payloadBytes)
  const payloads = payloadViews(message, payloadBytes)
  let next = 0
  return {
    get remaining() {
      return next < count ? message.bytes - next * payloadBytes : 0
    },
    next() {
      const header = new Uint8Array(PART_HEADER_BYTES)
      writePartHeader(header, stream, message.bytes, next++ * payloadBytes)
      return [header, ...payloads.next()]
    },
  }
}

/** The parts of a message as whole buffers (tests; one-piece parts). */
export function partsOf(
  stream: number,
  message: EncodedMessage,
  payloadBytes = PART_PAYLOAD_BYTES,
): Uint8Array[] {
  const source = copiedParts(stream, message, payloadBytes)
  const parts: Uint8Array[] = []
  while (source.remaining > 0) parts.push(source.next()[0]!)
  return parts
}

function partCount(message: EncodedMessage, payloadBytes: number): number {
  if (message.bytes > MAX_WIRE_BYTES)
    throw new Error(`a message of ${message.bytes} bytes is over the wire's 4 GiB`)
  return Math.ceil(message.bytes / payloadBytes)
}

function writePartHeader(header: Uint8Array, stream: number, total: number, offset: number): void {
  const view = new DataView(header.buffer, header.byteOffset, PART_HEADER_BYTES)
  view.setUint32(0, stream, true)
  view.setUint32(4, total, true)
  view.setUint32(8, offset, true)
}

/** Walks a message's pieces `payloadBytes` at a time: each call gives the views that make the next payload. */
function payloadViews(message: EncodedMessage, payloadBytes: number): { next(): Uint8Array[] } {
  let [piece, inPiece] = [0, 0]
  return {
    next() {
      const views: Uint8Array[] = []
      for (let wanted = payloadBytes; wanted > 0 && piece < message.pieces.length;) {
        const source = message.pieces[piece]!
        const take = Math.min(wanted, source.byteLength - inPiece)
        if (take > 0) views.push(source.subarray(inPiece, inPiece + take))
        wanted -= take
        inPiece += take
        if (inPiece === source.byteLength) [piece, inPiece] = [piece + 1, 0]
      }
      return views
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
