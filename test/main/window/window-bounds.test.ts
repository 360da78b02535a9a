import { describe, expect, it } from 'vitest'
import { DEFAULT_SIZE, restoreBounds } from '../../../src/main/window/window-bounds'
import { isAppUrl, isPermissionAllowed, mayOpenExternally } from '../../../src/main/window/navigation-policy'

const laptop = { x: 0, y: 0, width: 1920, height: 1080 }
const external = { x: 1920, y: 0, width: 2560, height: 1440 }

describe('restoreBounds', () => {
  it('reopens the window where it was when that place is still on a display', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1400, height: 900 }, maximized: false }
    expect(restoreBounds(saved, [laptop, external])).toEqual(saved.bounds)
  })

  it('centres the window on the primary display when its monitor was unplugged', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1400, height: 900 }, maximized: false }
    expect(restoreBounds(saved, [laptop])).toEqual({ x: 260, y: 90, ...DEFAULT_SIZE })
  })

  it('shrinks a window larger than its display and pulls it fully on screen', () => {
    const saved = { bounds: { x: 1800, y: -5, width: 3000, height: 2000 }, maximized: false }
    expect(restoreBounds(saved, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 1080,
    })
  })

  it('ignores nonsense saved bounds', () => {
    const saved = { bounds: { x: Number.NaN, y: 0, width: -1, height: 10 }, maximized: false }
    expect(restoreBounds(saved, [laptop])).toEqual({ x: 260, y: 90, ...DEFAULT_SIZE })
    expect(restoreBounds(undefined, [{ x: 0, y: 0, width: 1280, height: 800 }])).toEqual({
      x: 0,
      y: 0,
      width: 1280,
      height: 800,
    })
  })
})

describe('navigation policy', () => {
  const index = 'file:///opt/mote/out/renderer/index.html'
  it('treats only our own page (any route) as the app', () => {
    expect(isAppUrl(`${index}#/devices`, undefined, index)).toBe(true)
    expect(isAppUrl('file:///etc/passwd', undefined, index)).toBe(false)
    expect(isAppUrl('https://example.com/', undefined, index)).toBe(false)
    expect(isAppUrl('http://localhost:5173/#/train', 'http://localhost:5173/', index)).toBe(true)
    expect(isAppUrl('http://localhost:5173/#/train', '', index)).toBe(false)
  })

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

  it('grants the microphone and camera to our page only, and nothing else', () => {
    const ours = (u: string) => u.startsWith(index)
    expect(isPermissionAllowed('media', `${index}#/capture`, ours)).toBe(true)
    expect(isPermissionAllowed('media', 'https://evil.example', ours)).toBe(false)
    expect(isPermissionAllowed('geolocation', index, ours)).toBe(false)
    expect(isPermissionAllowed('notifications', index, ours)).toBe(false)
  })
})
