/**
 * Decisions about URLs for the Electron window, kept out of main/index.ts so they are unit-tested (Electron
 * itself cannot run in our tests). URLs are always parsed and compared by their parts, never by prefix:
 * `http://localhost:5173.evil.example/` and `http://localhost:5173@evil.example/` start with the dev
 * server's URL and are other sites.
 */

function parse(url: string): URL | undefined {
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

/**
 * Only our own page may load in the window: in development the dev server's origin (scheme, host and
 * port, no user name), otherwise the built index.html itself (any route in its hash or query).
 */
export function isAppUrl(url: string, devServerUrl: string | undefined, appIndexFileUrl: string): boolean {
  const page = parse(url)
  if (page === undefined || page.username !== '' || page.password !== '') return false
  const dev = devServerUrl ? parse(devServerUrl) : undefined
  if (dev !== undefined && (dev.protocol === 'http:' || dev.protocol === 'https:'))
    return page.origin === dev.origin
  const index = parse(appIndexFileUrl)
  return (
    index !== undefined &&
    page.protocol === 'file:' &&
    index.protocol === 'file:' &&
    page.host === index.host &&
    page.pathname === index.pathname
  )
}

/** Links that may open in the system browser: https only, per the Electron security checklist. */
export function mayOpenExternally(url: string): boolean {
  return parse(url)?.protocol === 'https:'
}

/** Microphone and camera for capture, and writing to the clipboard; nothing else, ever. */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['media', 'clipboard-sanitized-write'])

/** A permission asked for (a request: the page wants it now) or checked (a page asks whether it has it). */
export interface PermissionAsk {
  readonly permission: string
  /** The asking frame's URL; Electron leaves it out for cross-origin subframes, which get nothing. */
  readonly requestingUrl: string | undefined
  readonly isMainFrame: boolean
}

/**
 * The one answer to Electron's permission request and check handlers: a granted permission, asked by the
 * main frame of our own page. Both handlers must agree, or a page could learn from a check what a request
 * would refuse (the Electron checklist asks for both).
 */
export function isPermissionGranted(ask: PermissionAsk, isApp: (url: string) => boolean): boolean {
  return (
    GRANTED_PERMISSIONS.has(ask.permission) &&
    ask.isMainFrame &&
    ask.requestingUrl !== undefined &&
    isApp(ask.requestingUrl)
  )
}
