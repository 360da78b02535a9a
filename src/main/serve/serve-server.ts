import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { ServiceRouter } from '../rpc/service-router'
import { TOKEN_COOKIE, isAllowedHost, isAllowedOrigin, isAuthorized, newToken } from './auth'
import { readStaticFile } from './static-files'
import { MAX_PART_BYTES } from '../../shared/rpc/wire-parts'
import { bridgeSocket, type UnsentEventLimit } from './ws-bridge'

export interface ServeOptions {
  readonly router: ServiceRouter
  /** The built renderer (out/renderer). */
  readonly staticDir: string
  /** 0 picks a free port. */
  readonly port?: number
  readonly token?: string
  /** The largest message a page may send (tests use a small one); default MAX_MESSAGE_BYTES. */
  readonly maxMessageBytes?: number
  /** Events a page that stopped reading may have waiting before it is closed; default MAX_UNSENT_EVENTS. */
  readonly maxUnsentEvents?: UnsentEventLimit
}

export interface ServeHandle {
  readonly url: string
  readonly port: number
  readonly token: string
  close(): Promise<void>
}

const API_PATH = '/api'

function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy':
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
      `media-src 'self' blob: mediastream:; connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}; ` +
      "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  }
}

/**
 * `mote serve` (DESIGN.md §2): the built renderer and the service API over WebSocket, on 127.0.0.1 only.
 * Every HTTP request and WebSocket upgrade without the token gets 401 and nothing else. The first visit
 * carries the token in the URL; it is moved into an HttpOnly cookie and the URL is cleaned by a redirect.
 */
export async function startServeServer(options: ServeOptions): Promise<ServeHandle> {
  const token = options.token ?? newToken()
  // Pages send messages in parts (shared/rpc/wire-parts.ts): no well-behaved frame is larger than one part.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PART_BYTES })
  const { maxMessageBytes, maxUnsentEvents } = options
  const bridgeOptions = {
    ...(maxMessageBytes === undefined ? {} : { maxMessageBytes }),
    ...(maxUnsentEvents === undefined ? {} : { maxUnsentEvents }),
  }
  wss.on('connection', (socket) => bridgeSocket(socket, options.router, bridgeOptions))
  wss.on('error', () => undefined)
  let port = 0

  const server = createServer((req, res) => {
    void handleHttp(req, res, token, port, options.staticDir).catch(() => {
      if (!res.headersSent) res.writeHead(500).end()
    })
  })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node takes its own error listener off an upgraded socket: a reset before ws adds one must not be fatal.
    socket.on('error', () => socket.destroy())
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const ok =
      url.pathname === API_PATH &&
      isAllowedHost(req.headers.host, port) &&
      isAllowedOrigin(req.headers.origin, port) &&
      isAuthorized(token, url, req.headers.cookie)
    if (!ok) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
    },
  }
}

async function handleHttp(
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  port: number,
  root: string,
) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  if (!isAllowedHost(req.headers.host, port) || !isAuthorized(token, url, req.headers.cookie)) {
    res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': '0' }).end()
    return
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end()
    return
  }
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token')
    res
      .writeHead(303, {
        Location: url.pathname + url.search,
        'Set-Cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
      })
      .end()
    return
  }
  const file = await readStaticFile(root, url.pathname)
  if (file === undefined) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found')
    return
  }
  res.writeHead(200, {
    ...securityHeaders(port),
    'Content-Type': file.contentType,
    'Content-Length': String(file.body.length),
    'Cache-Control': 'no-store',
  })
  res.end(req.method === 'HEAD' ? undefined : file.body)
}
