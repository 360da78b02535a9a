import { describe, expect, it } from 'vitest'
import { DEFAULT_SIZE, restoreBounds } from '../../../src/main/window/window-bounds'

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
