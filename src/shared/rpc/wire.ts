/**
 * The message codec of serve mode's WebSocket. IPC uses structured clone and needs none of this; over a
 * WebSocket the same values must survive, typed arrays above all (a sample's `Float32Array`, an imported
 * file's `Uint8Array`). A message is binary:
 *
 *     u32 LE  headerBytes
 *     headerBytes of UTF-8 JSON   the value, each typed array replaced by {"$typed": kind, "at", "bytes"}
 *     the typed arrays' own little-endian bytes, back to back ("blobs"; `at` counts from here)
 *
 * so structure goes through the engine's native JSON and bulk data is copied once each way, never turned
 * into text (the old base64 form took seconds per megabyte-sized sample in a JS loop). JSON cannot carry
 * `NaN`, `±Infinity`, `-0` or `undefined` in a list; those are written as `{"$num": …}` / `{"$undef": 1}` so
 * that values arrive as IPC delivers them. Object keys that start with `$` are escaped by one more `$`, so no
 * user data is mistaken for a marker. Why not CBOR (RFC 8746 has typed-array tags): see docs/serve.md.
 */

import { decodeUtf8Strict, encodeUtf8 } from './utf8'

const TYPED_KINDS = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const
type TypedKind = keyof typeof TYPED_KINDS
type AnyTyped = InstanceType<(typeof TYPED_KINDS)[TypedKind]>

/** Nesting deeper than this is refused when decoding: no contract comes close, and recursion stays shallow. */
export const MAX_WIRE_DEPTH = 64

/** One encoded message as the pieces it is made of (no copy of the blobs); `bytes` is their total length. */
export interface EncodedMessage {
  readonly pieces: readonly Uint8Array[]
  readonly bytes: number
}

/** Reads a byte range of a received message, which may arrive as several parts. */
export interface MessageSource {
  readonly bytes: number
  /** A fresh copy of `[start, end)`, in an `ArrayBuffer` of its own. */
  copy(start: number, end: number): Uint8Array
}

const NON_FINITE: Readonly<Record<string, number>> = { NaN, Infinity, '-Infinity': -Infinity, '-0': -0 }

function typedKindOf(value: ArrayBufferView): TypedKind | undefined {
  for (const kind of Object.keys(TYPED_KINDS) as TypedKind[]) {
    if (value instanceof TYPED_KINDS[kind]) return kind
  }
  return undefined
}

function encodeNumber(value: number): unknown {
  if (Number.isFinite(value) && !Object.is(value, -0)) return value
  return { $num: Object.is(value, -0) ? '-0' : String(value) }
}

export function encodeWire(value: unknown): EncodedMessage {
  const blobs: Uint8Array[] = []
  let blobBytes = 0
  const encode = (v: unknown, inList: boolean): unknown => {
    if (typeof v === 'number') return encodeNumber(v)
    if (v === undefined) return inList ? { $undef: 1 } : undefined
    if (v === null || typeof v !== 'object') return v
    if (ArrayBuffer.isView(v)) {
      const kind = typedKindOf(v)
      if (kind === undefined) throw new Error('only typed arrays cross the wire, not DataView')
      const view = v as AnyTyped
      blobs.push(new Uint8Array(view.buffer, view.byteOffset, view.byteLength))
      blobBytes += view.byteLength
      return { $typed: kind, at: blobBytes - view.byteLength, bytes: view.byteLength }
    }
    if (Array.isArray(v)) return v.map((item: unknown) => encode(item, true))
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(v)) {
      if (item !== undefined) out[key.startsWith('$') ? `$${key}` : key] = encode(item, false)
    }
    return out
  }
  const header = encodeUtf8(JSON.stringify(encode(value, false)))
  const head = new Uint8Array(4 + header.length)
  new DataView(head.buffer).setUint32(0, header.length, true)
  head.set(header, 4)
  return { pieces: [head, ...blobs], bytes: head.length + blobBytes }
}

/** Decodes a whole message; throws a plain `Error` naming what is wrong with a malformed one. */
export function decodeWire(source: MessageSource): unknown {
  if (source.bytes < 4) throw new Error('the message is shorter than its header length')
  const headerBytes = new DataView(source.copy(0, 4).buffer).getUint32(0, true)
  if (4 + headerBytes > source.bytes) throw new Error('the message header is longer than the message')
  const text = decodeUtf8Strict(source.copy(4, 4 + headerBytes))
  const blobStart = 4 + headerBytes
  const blobEnd = source.bytes
  const decode = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object') return v
    if (depth > MAX_WIRE_DEPTH) throw new Error(`the message nests deeper than ${MAX_WIRE_DEPTH} levels`)
    if (Array.isArray(v)) return v.map((item) => decode(item, depth + 1))
    const record = v as Record<string, unknown>
    if ('$typed' in record) return typedArray(record, source, blobStart, blobEnd)
    if ('$num' in record) return nonFinite(record.$num)
    if ('$undef' in record) return undefined
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(record)) {
      if (!key.startsWith('$$')) {
        if (key.startsWith('$')) throw new Error(`unknown marker ${key}`)
        out[key] = decode(item, depth + 1)
      } else out[key.slice(1)] = decode(item, depth + 1)
    }
    return out
  }
  return decode(JSON.parse(text), 0)
}

function typedArray(record: Record<string, unknown>, source: MessageSource, start: number, end: number) {
  const { $typed: kind, at, bytes } = record
  const ctor =
    typeof kind === 'string' && Object.hasOwn(TYPED_KINDS, kind) ? TYPED_KINDS[kind as TypedKind] : undefined
  if (ctor === undefined) throw new Error(`unknown typed array kind ${String(kind)}`)
  if (
    !Number.isSafeInteger(at) ||
    !Number.isSafeInteger(bytes) ||
    (at as number) < 0 ||
    (bytes as number) < 0
  )
    throw new Error(`a ${kind as string} has no valid place in the message`)
  const from = start + (at as number)
  const to = from + (bytes as number)
  if (to > end) throw new Error(`a ${kind as string} reaches past the end of the message`)
  if ((bytes as number) % ctor.BYTES_PER_ELEMENT !== 0)
    throw new Error(`a ${kind as string} of ${String(bytes)} bytes is not a whole number of elements`)
  const copy = source.copy(from, to)
  return new ctor(copy.buffer as ArrayBuffer, 0, copy.byteLength / ctor.BYTES_PER_ELEMENT)
}

function nonFinite(text: unknown): number {
  if (typeof text !== 'string' || !Object.hasOwn(NON_FINITE, text))
    throw new Error('an unknown number marker')
  return NON_FINITE[text]!
}

/** A message held in one buffer (tests; one-part messages). */
export function sourceOf(bytes: Uint8Array): MessageSource {
  return { bytes: bytes.byteLength, copy: (start, end) => copyRange(bytes, start, end) }
}

/** A copy in a buffer of its own (Uint8Array's slice: a Node Buffer's `slice` is a view, not a copy). */
export function copyRange(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return Uint8Array.prototype.slice.call(bytes, start, end)
}

/** Joins the pieces of an encoded message into one buffer (tests; small messages). */
export function joinPieces(message: EncodedMessage): Uint8Array {
  const out = new Uint8Array(message.bytes)
  let at = 0
  for (const piece of message.pieces) {
    out.set(piece, at)
    at += piece.byteLength
  }
  return out
}
