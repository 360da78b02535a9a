import { RpcErrorCode } from '../../../src/shared/errors'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { z } from 'zod'
import { Emitter, type Disposable, type Listener } from '../../../src/shared/events'
import type { ServiceContract } from '../../../src/shared/rpc/contract'
import { decodeWire, encodeWire } from '../../../src/shared/rpc/wire'
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

async function serve(): Promise<ServeHandle> {
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
  const handle = await startServeServer({ router, staticDir: root })
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
    const ws = await connect(`ws://127.0.0.1:${h.port}/api`, {
      Origin: `http://127.0.0.1:${h.port}`,
      Cookie: `mote_token=${h.token}`,
    })
    const messages: unknown[] = []
    ws.on('message', (data) => messages.push(decodeWire(data.toString())))
    ws.send(encodeWire({ t: 'sub', channel: 'mote:echo:didPing' }))
    ws.send(encodeWire({ t: 'call', id: 1, channel: 'mote:echo:echo', args: [new Uint8Array([1, 2, 254])] }))
    ws.send(encodeWire({ t: 'call', id: 2, channel: 'mote:echo:echo', args: ['not bytes'] }))
    ws.send('garbage that is not JSON')
    await new Promise((r) => setTimeout(r, 100))
    pinged.fire(7)
    await new Promise((r) => setTimeout(r, 100))
    ws.close()
    const byId = (id: number) => messages.find((m) => (m as { id?: number }).id === id) as { result: unknown }
    expect(byId(1).result).toEqual({ ok: true, value: new Uint8Array([2, 3, 255]) })
    expect(byId(2).result).toMatchObject({ ok: false, error: { code: RpcErrorCode.InvalidArguments } })
    expect(messages).toContainEqual({ t: 'event', channel: 'mote:echo:didPing', payload: 7 })
  })
})
