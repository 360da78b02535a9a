import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { CloseStatus, MAX_UNSENT_EVENTS, type UnsentEventLimit } from '../../../src/main/serve/ws-bridge'
import { ServiceRouter } from '../../../src/main/rpc/service-router'
import { startServeServer, type ServeHandle } from '../../../src/main/serve/serve-server'
import { Emitter, type Disposable, type Listener } from '../../../src/shared/events'
import type { ServiceContract } from '../../../src/shared/rpc/contract'
import { encodeWire, joinPieces } from '../../../src/shared/rpc/wire'
import { PART_HEADER_BYTES } from '../../../src/shared/rpc/wire-parts'
import { frameBytes, openRaw, type RawConnection } from './raw-websocket'
import { openServeBridge } from './serve-client'

interface Feed {
  ping(): Promise<string>
  onDidProgress(listener: Listener<Uint8Array>): Disposable
}
const progressed = new Emitter<Uint8Array>()
const feedContract: ServiceContract<Feed> = {
  name: 'feed',
  methods: { ping: z.tuple([]) },
  events: ['didProgress'],
}

const handles: ServeHandle[] = []
afterEach(async () => {
  for (const h of handles.splice(0)) await h.close()
})

async function serve(maxUnsentEvents: UnsentEventLimit): Promise<ServeHandle> {
  const root = await mkdtemp(join(tmpdir(), 'mote-serve-'))
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Mote</title>')
  const router = new ServiceRouter()
  router.register(feedContract, { ping: async () => 'pong', onDidProgress: progressed.event })
  const handle = await startServeServer({ router, staticDir: root, maxUnsentEvents })
  handles.push(handle)
  return handle
}

function subscribe(raw: RawConnection, channel: string): void {
  const body = joinPieces(encodeWire({ t: 'sub', channel }))
  const header = Buffer.alloc(PART_HEADER_BYTES)
  header.writeUInt32LE(1, 0)
  header.writeUInt32LE(body.byteLength, 4)
  raw.write(frameBytes({ opcode: 2, payload: Buffer.concat([header, body]) }))
}

/**
 * Reads the server's (unmasked) frames as they stream in without keeping them: counts the bytes and
 * resolves with the close frame's status, or undefined when the connection ends without one.
 */
function drain(raw: RawConnection): { bytes: () => number; closed: Promise<number | undefined> } {
  let bytes = 0
  let pending = Buffer.alloc(0)
  let skip = 0
  const closed = new Promise<number | undefined>((resolve) => {
    raw.socket.on('close', () => resolve(undefined))
    raw.socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length
      let data = chunk
      while (data.length > 0) {
        if (skip > 0) {
          const n = Math.min(skip, data.length)
          ;[skip, data] = [skip - n, data.subarray(n)]
          continue
        }
        // Only an incomplete frame header (or close frame) is ever kept between chunks.
        const bytes = pending.length > 0 ? Buffer.concat([pending, data]) : data
        pending = Buffer.alloc(0)
        const frame = frameHeader(bytes)
        if (frame?.opcode === 8 && bytes.length >= frame.size + 2)
          return resolve(bytes.readUInt16BE(frame.size))
        if (frame === undefined || frame.opcode === 8) {
          pending = Buffer.from(bytes)
          break
        }
        const rest = bytes.subarray(frame.size)
        if (rest.length >= frame.length) data = rest.subarray(frame.length)
        else [skip, data] = [frame.length - rest.length, Buffer.alloc(0)]
      }
    })
  })
  return { bytes: () => bytes, closed }
}

function frameHeader(bytes: Buffer): { opcode: number; size: number; length: number } | undefined {
  if (bytes.length < 2) return undefined
  const short = bytes[1]! & 0x7f
  const size = short === 126 ? 4 : short === 127 ? 10 : 2
  if (bytes.length < size) return undefined
  const length =
    short === 126 ? bytes.readUInt16BE(2) : short === 127 ? Number(bytes.readBigUInt64BE(2)) : short
  return { opcode: bytes[0]! & 0x0f, size, length }
}

const KB = 1024
const MB = 1024 * KB

/** Waits `ms`, or for the next turn of the event loop. */
const pause = (ms?: number) => new Promise((r) => (ms === undefined ? setImmediate(r) : setTimeout(r, ms)))

/** Reads again, and resolves with the close status that comes after what the server still had on its way. */
async function readAgain(raw: RawConnection): Promise<{ status: unknown; bytes: number }> {
  const reader = drain(raw)
  raw.socket.resume()
  const status = await Promise.race([reader.closed, pause(5000).then(() => 'still open')])
  raw.socket.destroy()
  return { status, bytes: reader.bytes() }
}

describe('a page that stops reading its socket', () => {
  it('is closed with TooFarBehind once its unsent events pass the bytes bound, and the server carries on', async () => {
    const h = await serve({ ...MAX_UNSENT_EVENTS, bytes: 4 * MB })
    const stalled = await openRaw(h.port, h.token)
    subscribe(stalled, 'mote:feed:didProgress')
    const other = await openServeBridge(h.port, h.token)
    let othersEvents = 0
    other.subscribe('mote:feed:didProgress', () => othersEvents++)
    await other.invoke('mote:feed:ping', [])
    stalled.socket.pause()
    // 32 MB: more than the socket holds (its buffers, then 4 MB in ws) and the bound together.
    for (let i = 0; i < 128; i++) {
      progressed.fire(new Uint8Array(256 * KB).fill(i))
      await pause()
    }
    expect(await other.invoke('mote:feed:ping', [])).toEqual({ ok: true, value: 'pong' })
    await pause(100)
    expect(othersEvents).toBe(128)
    other.close()
    const { status, bytes } = await readAgain(stalled)
    expect(status).toBe(CloseStatus.TooFarBehind)
    expect(bytes).toBeLessThan(32 * MB)
  })

  it('is closed once the count of its unsent events passes the bound, well below the bytes bound', async () => {
    const h = await serve({ ...MAX_UNSENT_EVENTS, count: 1000 })
    const stalled = await openRaw(h.port, h.token)
    subscribe(stalled, 'mote:feed:didProgress')
    await pause(50)
    stalled.socket.pause()
    // 20 MB in 4 KB events: the socket's buffers take about half before the sender has to wait.
    const small = new Uint8Array(4 * KB)
    for (let i = 0; i < 50; i++) {
      for (let k = 0; k < 100; k++) progressed.fire(small)
      await pause()
    }
    const { status } = await readAgain(stalled)
    expect(status).toBe(CloseStatus.TooFarBehind)
  })

  it('is not closed for a burst of events it reads, however many come at once', async () => {
    const h = await serve({ ...MAX_UNSENT_EVENTS, count: 100 })
    const page = await openServeBridge(h.port, h.token)
    let received = 0
    page.subscribe('mote:feed:didProgress', () => received++)
    await page.invoke('mote:feed:ping', [])
    for (let k = 0; k < 5000; k++) progressed.fire(new Uint8Array(16))
    expect(await page.invoke('mote:feed:ping', [])).toEqual({ ok: true, value: 'pong' })
    page.close()
    expect(received).toBe(5000)
  })
})
