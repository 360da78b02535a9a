import { describe, expect, it } from 'vitest'
import { isAppUrl, isPermissionGranted, mayOpenExternally } from '../../../src/main/window/navigation-policy'

const index = 'file:///opt/mote/out/renderer/index.html'
// What electron-vite sets ELECTRON_RENDERER_URL to: no trailing slash, so a prefix test accepts look-alikes.
const dev = 'http://localhost:5173'

describe('which URLs are the app', () => {
  it('treats only the built page (any route) as the app when there is no dev server', () => {
    expect(isAppUrl(`${index}#/devices`, undefined, index)).toBe(true)
    expect(isAppUrl(`${index}?x=1#/train`, undefined, index)).toBe(true)
    expect(isAppUrl('file:///etc/passwd', undefined, index)).toBe(false)
    expect(isAppUrl('file:///opt/mote/out/renderer/index.html.evil', undefined, index)).toBe(false)
    expect(
      isAppUrl('file:///opt/mote/out/renderer/index.html/../../../../etc/passwd', undefined, index),
    ).toBe(false)
    expect(isAppUrl('file://otherhost/opt/mote/out/renderer/index.html', undefined, index)).toBe(false)
    expect(isAppUrl('https://example.com/', undefined, index)).toBe(false)
    expect(isAppUrl('not a url', undefined, index)).toBe(false)
  })

  it('treats the dev server origin as the app in development, and an empty setting as none', () => {
    expect(isAppUrl('http://localhost:5173/#/train', dev, index)).toBe(true)
    expect(isAppUrl('http://localhost:5173/src/main.ts?v=1', dev, index)).toBe(true)
    expect(isAppUrl('http://localhost:5173/#/train', '', index)).toBe(false)
  })

  it('compares parsed origins, so look-alike URLs that start with the dev server URL are refused', () => {
    for (const url of [
      'http://localhost:5173.evil.example/',
      'http://localhost:51730/',
      'http://localhost:5173@evil.example/',
      'http://user:pw@localhost:5173/',
      'https://localhost:5173/',
      'http://127.0.0.1:5173/',
      'ws://localhost:5173/',
    ]) {
      expect(isAppUrl(url, dev, index), url).toBe(false)
      expect(isAppUrl(url, `${dev}/`, index), url).toBe(false)
    }
    expect(isAppUrl('http://localhost:5173', `${dev}/`, index)).toBe(true)
  })

  it('does not accept the built page in development, where the window loads the dev server', () => {
    expect(isAppUrl(`${index}#/devices`, dev, index)).toBe(false)
  })
})

describe('links and permissions', () => {
  it('opens only https links outside the app', () => {
    expect(mayOpenExternally('https://docs.example.org/x')).toBe(true)
    for (const url of [
      'http://example.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://x/y',
      'nonsense',
    ]) {
      expect(mayOpenExternally(url)).toBe(false)
    }
  })

  const ours = (u: string) => isAppUrl(u, undefined, index)
  const ask = (permission: string, requestingUrl: string | undefined, isMainFrame = true) => ({
    permission,
    requestingUrl,
    isMainFrame,
  })

  it('grants the microphone, camera and clipboard writes to our page only', () => {
    expect(isPermissionGranted(ask('media', `${index}#/capture`), ours)).toBe(true)
    expect(isPermissionGranted(ask('clipboard-sanitized-write', index), ours)).toBe(true)
    expect(isPermissionGranted(ask('media', 'https://evil.example'), ours)).toBe(false)
  })

  it('grants nothing else, nothing to a subframe, and nothing when Electron does not say who asks', () => {
    for (const permission of [
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'serial',
      'usb',
      'hid',
    ])
      expect(isPermissionGranted(ask(permission, index), ours), permission).toBe(false)
    expect(isPermissionGranted(ask('media', index, false), ours)).toBe(false)
    expect(isPermissionGranted(ask('media', undefined), ours)).toBe(false)
  })
})
