import { randomBytes, timingSafeEqual } from 'node:crypto'

export const TOKEN_COOKIE = 'mote_token'

export function newToken(): string {
  return randomBytes(24).toString('hex')
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** The token a request carries: `?token=` in the URL, or the cookie set after the first visit. */
export function requestToken(url: URL, cookieHeader: string | undefined): string | undefined {
  const fromQuery = url.searchParams.get('token')
  if (fromQuery !== null) return fromQuery
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === TOKEN_COOKIE) return decodeURIComponent(rest.join('='))
  }
  return undefined
}

export function isAuthorized(expected: string, url: URL, cookieHeader: string | undefined): boolean {
  const given = requestToken(url, cookieHeader)
  return given !== undefined && sameSecret(expected, given)
}

/**
 * Host header check against DNS rebinding: a page on another site that resolves its name to 127.0.0.1 must
 * not reach us, so only the loopback names we listen on are accepted.
 */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`
}

/** WebSocket upgrades must come from our own page (browsers always send Origin on WebSocket requests). */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
}
