import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { z } from 'zod'
import { RpcErrorCode } from '../../../src/shared/errors'
import { Emitter, type Disposable, type Listener } from '../../../src/shared/events'
import type { ServiceContract } from '../../../src/shared/rpc/contract'
import type { RpcResult } from '../../../src/shared/rpc/contract'
import { decodeWire, encodeWire, joinPieces, sourceOf } from '../../../src/shared/rpc/wire'
import { PART_HEADER_BYTES, PART_PAYLOAD_BYTES } from '../../../src/shared/rpc/wire-parts'
import { frameBytes, openRaw, type RawConnection } from './raw-websocket'
import { openServeBridge } from './serve-client'
import { ServiceRouter } from '../../../src/main/rpc/service-router'
import { startServeServer, type ServeHandle } from '../../../src/main/serve/serve-server'

interface Echo {
  echo(bytes: Uint8Array): Promise<Uint8Array>
  onDidPing(listener: Listener<number>): Disposable
}
const pinged = new Emitter<number>()
const echoContract: ServiceContract<Echo> = {
  name: 'echo',
  methods: { echo: z.tuple([z.instanceof(Uint8Array)]) },
  events: ['didPing'],
}

const handles: ServeHandle[] = []
afterEach(async () => {
  for (const h of handles.splice(0)) await h.close()
})

async function serve(options: { maxMessageBytes?: number } = {}): Promise<ServeHandle> {
  const root = await mkdtemp(join(tmpdir(), 'mote-serve-'))
  await mkdir(join(root, 'assets'))
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Mote</title>')
  await writeFile(join(root, 'assets/app.js'), 'console.log(1)')
  await writeFile(join(tmpdir(), 'mote-secret.txt'), 'secret')
  const router = new ServiceRouter()
  router.register(echoContract, {
    echo: async (bytes: Uint8Array) => bytes.map((b) => b + 1),
    onDidPing: pinged.event,
  })
  const handle = await startServeServer({ router, staticDir: root, ...options })
  handles.push(handle)
  return handle
}

function rawGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Headers }> {
  return fetch(`http://127.0.0.1:${port}${path}`, { headers, redirect: 'manual' }).then(async (r) => ({
    status: r.status,
    body: await r.text(),
    headers: r.headers,
  }))
}

function connect(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

describe('mote serve', () => {
  it('listens on 127.0.0.1 only and prints a URL with a long random token', async () => {
    const h = await serve()
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/)
  })

  it('answers 401 with an empty body to every request without the token', async () => {
    const h = await serve()
    for (const path of ['/', '/index.html', '/assets/app.js', '/?token=wrong', '/nope']) {
      const r = await rawGet(h.port, path)
      expect(r.status).toBe(401)
      expect(r.body).toBe('')
    }
    expect((await rawGet(h.port, '/', { Cookie: 'mote_token=wrong' })).status).toBe(401)
  })

  it('moves the token from the URL into an HttpOnly cookie and then serves the files', async () => {
    const h = await serve()
    const first = await rawGet(h.port, `/?token=${h.token}`)
    expect(first.status).toBe(303)
    expect(first.headers.get('location')).toBe('/')
    expect(first.headers.get('set-cookie')).toMatch(/mote_token=[0-9a-f]+; HttpOnly; SameSite=Strict/)
    const cookie = { Cookie: `mote_token=${h.token}` }
    const page = await rawGet(h.port, '/', cookie)
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>Mote</title>')
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    expect((await rawGet(h.port, '/assets/app.js', cookie)).headers.get('content-type')).toMatch(/javascript/)
  })

  it('never serves files outside the renderer folder', async () => {
    const h = await serve()
    const cookie = { Cookie: `mote_token=${h.token}` }
    for (const path of [
      '/../mote-secret.txt',
      '/%2e%2e/mote-secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fmote-secret.txt',
      '/%00',
    ]) {
      const r = await rawGet(h.port, path, cookie)
      expect(r.body).not.toContain('secret')
    }
  })

  it('rejects requests whose Host is not the loopback address (DNS rebinding)', async () => {
    const h = await serve()
    // fetch() may not set Host, so this one goes through node:http.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: h.port,
          path: '/',
          headers: { Cookie: `mote_token=${h.token}`, Host: `evil.example:${h.port}` },
        },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(401)
  })

  it('refuses WebSocket upgrades without the token or from another origin', async () => {
    const h = await serve()
    const url = `ws://127.0.0.1:${h.port}/api`
    const origin = `http://127.0.0.1:${h.port}`
    await expect(connect(url, { Origin: origin })).rejects.toThrow('HTTP 401')
    await expect(
      connect(url, { Origin: 'https://evil.example', Cookie: `mote_token=${h.token}` }),
    ).rejects.toThrow('HTTP 401')
    await expect(
      connect(`ws://127.0.0.1:${h.port}/other`, { Origin: origin, Cookie: `mote_token=${h.token}` }),
    ).rejects.toThrow('HTTP 401')
  })

  it('carries calls with typed arrays, validation errors and subscribed events over the WebSocket', async () => {
    const h = await serve()
    const bridge = await openServeBridge(h.port, h.token)
    const pings: unknown[] = []
    bridge.subscribe('mote:echo:didPing', (payload) => pings.push(payload))
    const echoed = await bridge.invoke('mote:echo:echo', [new Uint8Array([1, 2, 254])])
    const refused = await bridge.invoke('mote:echo:echo', ['not bytes'])
    pinged.fire(7)
    await new Promise((r) => setTimeout(r, 100))
    bridge.close()
    expect(echoed).toEqual({ ok: true, value: new Uint8Array([2, 3, 255]) })
    expect(refused).toMatchObject({ ok: false, error: { code: RpcErrorCode.InvalidArguments } })
    expect(pings).toEqual([7])
  })

  // Up to 1 MiB a reply is copied into its parts at once; over it, its parts are sent from the service's own
  // buffer as fragmented WebSocket messages, two such replies taking turns and the others waiting.
  it.each([
    ['a message of many parts', 3 * PART_PAYLOAD_BYTES + 12345, 1],
    ['a reply of many megabytes, sent from its own buffer,', 5_000_000 + 7, 1],
    ['five such replies at once, two taking turns,', 2_000_000 + 3, 5],
  ])('carries %s intact, with a small call answered while it is on its way', async (_, bytes, count) => {
    const h = await serve()
    const bridge = await openServeBridge(h.port, h.token)
    const bigs = Array.from({ length: count }, (_, k) =>
      new Uint8Array(bytes).map((_, i) => (i * 7 + k + (i >> 11)) & 255),
    )
    const large = bigs.map((big) => bridge.invoke('mote:echo:echo', [big]))
    const small = await bridge.invoke('mote:echo:echo', [new Uint8Array([9])])
    expect(small).toEqual({ ok: true, value: new Uint8Array([10]) })
    const results = await Promise.all(large)
    bridge.close()
    results.forEach((result, k) => {
      const echoed = result.ok ? (result.value as Uint8Array) : new Uint8Array(0)
      expect(echoed.length === bytes && echoed.every((b, i) => b === ((bigs[k]![i]! + 1) & 255))).toBe(true)
    })
  })

  it('answers a message that fails the envelope schema on its id, and one it cannot read on its stream', async () => {
    const h = await serve()
    const raw = await openRaw(h.port, h.token)
    const answers = collectAnswers(raw)
    sendMessage(raw, 5, { t: 'call', id: 41, channel: 'mote:echo:echo', args: 'not a list' })
    sendMessage(raw, 6, { t: 'nonsense', id: 42 })
    sendMessage(raw, 7, { t: 'call', channel: 'mote:echo:echo', args: [] })
    raw.write(frameBytes({ opcode: 2, payload: partBytes(8, Buffer.from('\xff\xff\xff\x7f{broken')) }))
    const byId = await answers(4)
    expect(byId.get(41)).toMatchObject({ ok: false, error: { code: RpcErrorCode.InvalidMessage } })
    expect(messageOf(byId.get(42))).toMatch(/not a call/)
    expect(byId.get(7)).toMatchObject({ ok: false, error: { code: RpcErrorCode.InvalidMessage } })
    expect(messageOf(byId.get(8))).toMatch(/could not be read/)
    raw.socket.destroy()
  })

  it('refuses a call over the size limit with a clear error on its first part, and stays connected', async () => {
    const h = await serve({ maxMessageBytes: 1000 })
    const raw = await openRaw(h.port, h.token)
    const answers = collectAnswers(raw)
    const header = Buffer.alloc(PART_HEADER_BYTES)
    header.writeUInt32LE(77, 0)
    header.writeUInt32LE(300_000_000, 4)
    raw.write(frameBytes({ opcode: 2, payload: Buffer.concat([header, Buffer.alloc(100)]) }))
    const first = await answers(1)
    expect(first.get(77)).toMatchObject({ ok: false, error: { code: RpcErrorCode.MessageTooLarge } })
    expect(messageOf(first.get(77))).toMatch(/300 MB.*at most 0 MB.*mote import/)
    sendMessage(raw, 78, { t: 'call', id: 78, channel: 'mote:echo:echo', args: [new Uint8Array([1])] })
    expect((await answers(2)).get(78)).toEqual({ ok: true, value: new Uint8Array([2]) })
    raw.socket.destroy()
  })

  it('closes a connection that sends text (1003) or a part that breaks the framing (1002), and serves the next', async () => {
    const h = await serve()
    const text = await openRaw(h.port, h.token)
    text.write(frameBytes({ opcode: 1, payload: Buffer.from('{"t":"call"}') }))
    expect(await text.closed).toBe(1003)
    const broken = await openRaw(h.port, h.token)
    const header = Buffer.alloc(PART_HEADER_BYTES)
    header.writeUInt32LE(1, 0)
    header.writeUInt32LE(100, 4)
    header.writeUInt32LE(50, 8)
    broken.write(frameBytes({ opcode: 2, payload: Buffer.concat([header, Buffer.alloc(10)]) }))
    expect(await broken.closed).toBe(1002)
    const bridge = await openServeBridge(h.port, h.token)
    expect(await bridge.invoke('mote:echo:echo', [new Uint8Array([0])])).toEqual({
      ok: true,
      value: new Uint8Array([1]),
    })
    bridge.close()
  })
})

function messageOf(result: RpcResult | undefined): string | undefined {
  return result?.ok === false ? result.error.message : undefined
}

/** One whole message as a single part on stream `stream`. */
function partBytes(stream: number, body: Uint8Array): Buffer {
  const header = Buffer.alloc(PART_HEADER_BYTES)
  header.writeUInt32LE(stream, 0)
  header.writeUInt32LE(body.byteLength, 4)
  return Buffer.concat([header, body])
}

function sendMessage(raw: RawConnection, stream: number, message: unknown): void {
  raw.write(frameBytes({ opcode: 2, payload: partBytes(stream, joinPieces(encodeWire(message))) }))
}

/** Reads the server's (small, unmasked, one-part) result messages; resolves once `count` have come. */
function collectAnswers(raw: RawConnection): (count: number) => Promise<Map<number, RpcResult>> {
  const byId = new Map<number, RpcResult>()
  let buffered = Buffer.alloc(0)
  let wake = () => undefined as void
  raw.socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk])
    while (buffered.length >= 2 && (buffered[1]! & 0x7f) < 127) {
      const short = buffered[1]! & 0x7f
      const start = short === 126 ? 4 : 2
      const length = short === 126 ? buffered.readUInt16BE(2) : short
      if (buffered.length < start + length) break
      const payload = buffered.subarray(start + PART_HEADER_BYTES, start + length)
      buffered = buffered.subarray(start + length)
      const message = decodeWire(sourceOf(payload)) as { id: number; result: RpcResult }
      byId.set(message.id, message.result)
      wake()
    }
  })
  return async (count) => {
    while (byId.size < count) await new Promise<void>((resolve) => (wake = resolve))
    return byId
  }
}
