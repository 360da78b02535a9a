/**
 * JSON with typed arrays, for the WebSocket transport of serve mode. IPC uses structured clone and needs
 * none of this; over a WebSocket the same values (`Uint8Array`, `Float32Array`, …) must survive, so they are
 * written as `{"$typed": "<kind>", "b64": "<little-endian bytes>"}`. Plain objects that happen to have a
 * `$typed` key are escaped, so no user data can be mistaken for a typed array.
 */

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

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const B64_INDEX = new Int16Array(128).fill(-1)
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i

export function bytesToBase64(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i]! << 16
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + '=='
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + '='
  }
  return out
}

export function base64ToBytes(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error('base64 text length is not a multiple of 4')
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  const out = new Uint8Array((text.length / 4) * 3 - padding)
  let o = 0
  for (let i = 0; i < text.length; i += 4) {
    let n = 0
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j)
      const v = c === 61 ? 0 : c < 128 ? B64_INDEX[c]! : -1
      if (v < 0) throw new Error(`invalid base64 character at ${i + j}`)
      n = (n << 6) | v
    }
    if (o < out.length) out[o++] = (n >> 16) & 255
    if (o < out.length) out[o++] = (n >> 8) & 255
    if (o < out.length) out[o++] = n & 255
  }
  return out
}

function typedKindOf(value: object): TypedKind | undefined {
  for (const kind of Object.keys(TYPED_KINDS) as TypedKind[]) {
    if (value instanceof TYPED_KINDS[kind]) return kind
  }
  return undefined
}

function encodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (ArrayBuffer.isView(value)) {
    const kind = typedKindOf(value)
    if (kind === undefined) throw new Error('only typed arrays cross the wire, not DataView')
    const view = value as AnyTyped
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
    return { $typed: kind, b64: bytesToBase64(bytes) }
  }
  if (Array.isArray(value)) return value.map(encodeValue)
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue
    out[key === '$typed' || key.startsWith('$$') ? `$${key}` : key] = encodeValue(v)
  }
  return out
}

function decodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(decodeValue)
  const record = value as Record<string, unknown>
  if (typeof record.$typed === 'string' && typeof record.b64 === 'string') {
    const kind = record.$typed as TypedKind
    const ctor = TYPED_KINDS[kind]
    if (ctor === undefined) throw new Error(`unknown typed array kind ${record.$typed}`)
    const bytes = base64ToBytes(record.b64)
    const copy = new Uint8Array(bytes.length)
    copy.set(bytes)
    return new ctor(copy.buffer, 0, bytes.length / ctor.BYTES_PER_ELEMENT)
  }
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(record))
    out[key.startsWith('$$') ? key.slice(1) : key] = decodeValue(v)
  return out
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(encodeValue(value))
}

export function decodeWire(text: string): unknown {
  return decodeValue(JSON.parse(text))
}
