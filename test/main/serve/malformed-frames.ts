import { MAX_PART_BYTES, PART_HEADER_BYTES } from '../../../src/shared/rpc/wire-parts'
import { closePayload, frameBytes } from './raw-websocket'

/**
 * Frames that break RFC 6455 (or our framing on top of it), each with the close code the server must answer
 * with. One of each once killed `mote serve` (issue 10); the unit test sends each kind, the slow fuzzer
 * sends random mutations of them.
 */
export interface MalformedKind {
  readonly name: string
  readonly bytes: () => Buffer
  /** RFC 6455 §7.4.1: 1002 protocol error, 1003 unsupported data, 1007 inconsistent data, 1009 too big. */
  readonly closeCode: number
}

const text = (s: string) => Buffer.from(s, 'utf8')
const INVALID_UTF8 = Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d])

export const MALFORMED_KINDS: readonly MalformedKind[] = [
  {
    name: 'an unmasked frame',
    bytes: () => frameBytes({ opcode: 2, payload: text('x'), masked: false }),
    closeCode: 1002,
  },
  {
    name: 'RSV1 without an extension',
    bytes: () => frameBytes({ opcode: 2, rsv: 0b100, payload: text('x') }),
    closeCode: 1002,
  },
  {
    name: 'RSV2 set',
    bytes: () => frameBytes({ opcode: 2, rsv: 0b010, payload: text('x') }),
    closeCode: 1002,
  },
  {
    name: 'RSV3 set',
    bytes: () => frameBytes({ opcode: 2, rsv: 0b001, payload: text('x') }),
    closeCode: 1002,
  },
  {
    name: 'reserved data opcode 0x3',
    bytes: () => frameBytes({ opcode: 0x3, payload: text('x') }),
    closeCode: 1002,
  },
  { name: 'reserved control opcode 0xB', bytes: () => frameBytes({ opcode: 0xb }), closeCode: 1002 },
  {
    name: 'a fragmented ping',
    bytes: () => frameBytes({ opcode: 0x9, fin: false, payload: text('p') }),
    closeCode: 1002,
  },
  {
    name: 'a ping of 126 bytes',
    bytes: () => frameBytes({ opcode: 0x9, payload: Buffer.alloc(126) }),
    closeCode: 1002,
  },
  {
    name: 'invalid UTF-8 in a text frame',
    bytes: () => frameBytes({ opcode: 1, payload: INVALID_UTF8 }),
    closeCode: 1007,
  },
  {
    name: 'invalid UTF-8 in a close reason',
    bytes: () => frameBytes({ opcode: 0x8, payload: closePayload(1000, INVALID_UTF8) }),
    closeCode: 1007,
  },
  {
    name: 'close code 999',
    bytes: () => frameBytes({ opcode: 0x8, payload: closePayload(999) }),
    closeCode: 1002,
  },
  {
    name: 'close code 1005 on the wire',
    bytes: () => frameBytes({ opcode: 0x8, payload: closePayload(1005) }),
    closeCode: 1002,
  },
  {
    name: 'close code 5000',
    bytes: () => frameBytes({ opcode: 0x8, payload: closePayload(5000) }),
    closeCode: 1002,
  },
  {
    name: 'a close frame of one byte',
    bytes: () => frameBytes({ opcode: 0x8, payload: Buffer.from([3]) }),
    closeCode: 1002,
  },
  {
    name: 'a length over 2^53',
    bytes: () => frameBytes({ opcode: 2, payload: text('x'), declaredLength: 2n ** 53n + 1n }),
    closeCode: 1009,
  },
  {
    name: 'a 300 MB message in one frame',
    bytes: () => frameBytes({ opcode: 2, payload: Buffer.alloc(1000), declaredLength: 300_000_000n }),
    closeCode: 1009,
  },
  {
    name: 'a continuation with nothing to continue',
    bytes: () => frameBytes({ opcode: 0, payload: text('x') }),
    closeCode: 1002,
  },
  {
    name: 'a new message inside a fragmented one',
    bytes: () =>
      Buffer.concat([
        frameBytes({ opcode: 2, fin: false, payload: text('a') }),
        frameBytes({ opcode: 2, payload: text('b') }),
      ]),
    closeCode: 1002,
  },
  {
    name: 'fragments adding up to more than a part',
    bytes: () =>
      Buffer.concat([
        frameBytes({ opcode: 2, fin: false, payload: Buffer.alloc(MAX_PART_BYTES - 10) }),
        frameBytes({ opcode: 0, payload: Buffer.alloc(20) }),
      ]),
    closeCode: 1009,
  },
  {
    name: 'a text message',
    bytes: () => frameBytes({ opcode: 1, payload: text('{"t":"call"}') }),
    closeCode: 1003,
  },
  {
    name: 'a part shorter than its header',
    bytes: () => frameBytes({ opcode: 2, payload: Buffer.alloc(PART_HEADER_BYTES - 1) }),
    closeCode: 1002,
  },
  {
    name: 'a part that starts in the middle of its message',
    bytes: () => frameBytes({ opcode: 2, payload: partHeader(1, 100, 40, 10) }),
    closeCode: 1002,
  },
]

/** A part header for stream `stream` of a `total`-byte message at `offset`, followed by `payload` zero bytes. */
export function partHeader(stream: number, total: number, offset: number, payload: number): Buffer {
  const out = Buffer.alloc(PART_HEADER_BYTES + payload)
  out.writeUInt32LE(stream, 0)
  out.writeUInt32LE(total, 4)
  out.writeUInt32LE(offset, 8)
  return out
}
