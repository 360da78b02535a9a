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
  return chartColors(dark).text
}

/** Text, axis lines and grid lines of every chart, following the theme (bright grid lines glare in dark). */
export interface ChartColors {
  readonly text: string
  readonly axis: string
  readonly grid: string
}

export function chartColors(dark: boolean): ChartColors {
  return dark
    ? { text: '#ccc', axis: 'rgba(255, 255, 255, 0.35)', grid: 'rgba(255, 255, 255, 0.1)' }
    : { text: '#444', axis: 'rgba(0, 0, 0, 0.35)', grid: 'rgba(0, 0, 0, 0.08)' }
}

type AxisParts = {
  readonly [key: string]: unknown
  readonly nameTextStyle?: object
  readonly axisLabel?: object
  readonly axisLine?: object
  readonly axisTick?: object
  readonly splitLine?: object
}

/** An ECharts axis in the theme's colours: its labels, name, line, ticks and grid lines (its own settings kept). */
export function themedAxis<T extends AxisParts>(dark: boolean, axis: T): T {
  const c = chartColors(dark)
  return {
    ...axis,
    nameTextStyle: { color: c.text, ...axis.nameTextStyle },
    axisLabel: { color: c.text, ...axis.axisLabel },
    axisLine: { ...axis.axisLine, lineStyle: { color: c.axis } },
    axisTick: { ...axis.axisTick, lineStyle: { color: c.axis } },
    splitLine: { ...axis.splitLine, lineStyle: { color: c.grid } },
  }
}

/** A uPlot axis in the theme's colours. */
export function uplotAxis(dark: boolean, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const c = chartColors(dark)
  return {
    stroke: c.text,
    grid: { stroke: c.grid, width: 1 },
    ticks: { stroke: c.axis, width: 1 },
    ...extra,
  }
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
