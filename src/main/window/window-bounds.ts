/** A rectangle in screen coordinates. */
export interface Bounds {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export interface SavedWindowState {
  readonly bounds: Bounds
  readonly maximized: boolean
}

export const DEFAULT_SIZE = { width: 1400, height: 900 } as const
export const MIN_SIZE = { width: 1024, height: 700 } as const

/**
 * Where to open the window, given what was saved and the displays' work areas now: the saved bounds if
 * enough of the window (its title bar) is on some display, shrunk to fit that display; otherwise the
 * default size centred on the primary display. Monitors get unplugged; a window must never open off-screen.
 */
export function restoreBounds(saved: SavedWindowState | undefined, workAreas: readonly Bounds[]): Bounds {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE }
  if (saved !== undefined && isSane(saved.bounds)) {
    const area = workAreas.find((a) => titleBarVisible(saved.bounds, a))
    if (area !== undefined) return fitInto(saved.bounds, area)
  }
  const width = Math.min(DEFAULT_SIZE.width, primary.width)
  const height = Math.min(DEFAULT_SIZE.height, primary.height)
  return {
    x: primary.x + Math.round((primary.width - width) / 2),
    y: primary.y + Math.round((primary.height - height) / 2),
    width,
    height,
  }
}

function isSane(b: Bounds): boolean {
  return [b.x, b.y, b.width, b.height].every(Number.isFinite) && b.width > 0 && b.height > 0
}

/** At least 100 px of the top 30 px of the window lies inside the area. */
function titleBarVisible(b: Bounds, area: Bounds): boolean {
  const overlapX = Math.min(b.x + b.width, area.x + area.width) - Math.max(b.x, area.x)
  const top = b.y
  return overlapX >= 100 && top >= area.y - 10 && top + 30 <= area.y + area.height
}

function fitInto(b: Bounds, area: Bounds): Bounds {
  const width = Math.max(Math.min(b.width, area.width), Math.min(MIN_SIZE.width, area.width))
  const height = Math.max(Math.min(b.height, area.height), Math.min(MIN_SIZE.height, area.height))
  const x = Math.min(Math.max(b.x, area.x), area.x + area.width - width)
  const y = Math.min(Math.max(b.y, area.y), area.y + area.height - height)
  return { x, y, width, height }
}
