/** Colours shared by the Design and Train charts: one per label or axis, readable on light and dark. */
export const SERIES_COLORS = [
  '#2080f0',
  '#18a058',
  '#f0a020',
  '#d03050',
  '#8a2be2',
  '#0f8a72',
  '#e36209',
  '#6b7280',
  '#b8860b',
  '#c71585',
]

export function colorAt(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length]!
}

export function axisText(dark: boolean): string {
  return dark ? '#ccc' : '#444'
}

/** A perceptual ramp (navy → teal → yellow) for spectrograms and heat maps, t in 0…1. */
export function ramp(t: number): [number, number, number] {
  const stops: [number, number, number][] = [
    [12, 16, 48],
    [15, 138, 114],
    [250, 220, 80],
  ]
  const x = Math.max(0, Math.min(1, t)) * (stops.length - 1)
  const i = Math.min(stops.length - 2, Math.floor(x))
  const f = x - i
  return stops[i]!.map((c, k) => Math.round(c + (stops[i + 1]![k]! - c) * f)) as [number, number, number]
}
