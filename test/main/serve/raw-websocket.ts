import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'

/**
 * A WebSocket client on a bare TCP socket, for writing frames no library would: it does the authenticated
 * handshake of `mote serve` and then writes whatever bytes a test crafts, and reports how the server closed.
 */

export interface FrameSpec {
  readonly fin?: boolean
  /** RSV1–3 as bits 0b100, 0b010, 0b001. */
  readonly rsv?: number
  readonly opcode: number
  readonly payload?: Uint8Array
  readonly masked?: boolean
  /** A length to declare instead of the payload's own (bigger than what follows, or over 2^53). */
  readonly declaredLength?: bigint
}

export function frameBytes(spec: FrameSpec): Buffer {
  const payload = Buffer.from(spec.payload ?? new Uint8Array(0))
  const masked = spec.masked ?? true
  const length = spec.declaredLength ?? BigInt(payload.length)
  const head = [((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | (spec.opcode & 0x0f)]
  const maskBit = masked ? 0x80 : 0
  if (length < 126n) head.push(maskBit | Number(length))
  else if (length < 65536n) head.push(maskBit | 126, Number(length >> 8n), Number(length & 255n))
  else {
    const ext = Buffer.alloc(8)
    ext.writeBigUInt64BE(length)
    head.push(maskBit | 127, ...ext)
  }
  if (!masked) return Buffer.concat([Buffer.from(head), payload])
  const mask = randomBytes(4)
  const body = Buffer.from(payload)
  for (let i = 0; i < body.length; i++) body[i]! ^= mask[i & 3]!
  return Buffer.concat([Buffer.from(head), mask, body])
}

export function closePayload(code: number, reason: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = Buffer.alloc(2 + reason.length)
  out.writeUInt16BE(code)
  out.set(reason, 2)
  return out
}

export interface RawConnection {
  readonly socket: Socket
  write(bytes: Uint8Array): void
  /**
   * The status code of the server's close frame, as soon as it arrives (undefined: the TCP connection ended
   * without one). The server then waits for our close frame, which a test that crafts frames may never send.
   */
  readonly closed: Promise<number | undefined>
}

/** Opens an authenticated WebSocket on `/api` and resolves once the server has switched protocols. */
export function openRaw(port: number, token: string): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let received = Buffer.alloc(0)
    let upgraded = false
    let closeCode: number | undefined
    let settleClosed = (_code: number | undefined): void => undefined
    const closed = new Promise<number | undefined>((done) => (settleClosed = done))
    socket.once('close', () => settleClosed(closeCode))
    socket.on('error', () => undefined)
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      if (!upgraded) {
        const end = received.indexOf('\r\n\r\n')
        if (end < 0) return
        const status = received.subarray(0, end).toString('latin1').split('\r\n')[0]!
        if (!status.includes(' 101 ')) return reject(new Error(`handshake refused: ${status}`))
        upgraded = true
        received = received.subarray(end + 4)
        resolve({ socket, write: (bytes) => socket.write(bytes), closed })
      }
      closeCode ??= closeCodeIn(received)
      if (closeCode !== undefined) settleClosed(closeCode)
    })
    socket.once('connect', () =>
      socket.write(
        `GET /api HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\n` +
          `Cookie: mote_token=${token}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    )
    socket.once('close', () => {
      if (!upgraded) reject(new Error('the connection closed during the handshake'))
    })
  })
}

/** Finds the server's close frame (opcode 8) among the frames received so far. */
function closeCodeIn(bytes: Buffer): number | undefined {
  let at = 0
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f
    let length = bytes[at + 1]! & 0x7f
    let start = at + 2
    if (length === 126) {
      if (start + 2 > bytes.length) return undefined
      length = bytes.readUInt16BE(start)
      start += 2
    } else if (length === 127) {
      if (start + 8 > bytes.length) return undefined
      length = Number(bytes.readBigUInt64BE(start))
      start += 8
    }
    if (start + length > bytes.length) return undefined
    if (opcode === 8) return length >= 2 ? bytes.readUInt16BE(start) : 1005
    at = start + length
  }
  return undefined
}
