/**
 * Decisions about URLs for the Electron window, kept out of main/index.ts so they are unit-tested.
 */

/** Only our own page may load in the window; everything else is denied. */
export function isAppUrl(url: string, devServerUrl: string | undefined, appIndexFileUrl: string): boolean {
  if (devServerUrl !== undefined && devServerUrl !== '' && url.startsWith(devServerUrl)) return true
  const withoutHash = url.split('#')[0]!.split('?')[0]!
  return withoutHash === appIndexFileUrl
}

/** Links that may open in the system browser: https only, per the Electron security checklist. */
export function mayOpenExternally(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}

/** Permissions the renderer may get: microphone and camera for capture, from our own page only. */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  isApp: (u: string) => boolean,
) {
  return (permission === 'media' || permission === 'clipboard-sanitized-write') && isApp(requestingUrl)
}
