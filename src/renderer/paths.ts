/**
 * Whether a folder typed in the UI is a whole path (`/…`, `C:\…`, `\\server\…`). Paths are used on the
 * computer running Mote Studio, whose working folder the page knows nothing of, so the UI refuses a
 * relative one before any service sees it (the services refuse it too).
 */
export function isWholePath(path: string): boolean {
  const p = path.trim()
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')
}
