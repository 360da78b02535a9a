/**
 * Numbers with their units, for every view (UX.md: every number carries its unit). Binary prefixes for
 * memory, as datasheets write them ("2 KB SRAM" is 2048 bytes).
 */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trim(bytes / (1024 * 1024))} MB`
  if (bytes >= 1024) return `${trim(bytes / 1024)} KB`
  return `${bytes} B`
}

export function formatHz(hz: number): string {
  if (hz >= 1e6) return `${trim(hz / 1e6)} MHz`
  if (hz >= 1e3) return `${trim(hz / 1e3)} kHz`
  return `${trim(hz)} Hz`
}

function trim(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '')
}

/** 14:03:07.120, for serial monitor timestamps. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

/** Counts, shapes and fractions for the Design, Train and Compress views (units come from the i18n strings). */

export function compactCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)} k`
  return String(n)
}

export function shapeText(shape: readonly number[] | null | undefined): string {
  return shape ? `[${shape.join(', ')}]` : '—'
}

export function percent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`
}

/** A rate for people: "100 Hz", "62.5 Hz", "99.88 Hz" (a measured rate keeps two decimals, no more). */
export function formatRate(hz: number): string {
  return `${Number(hz.toFixed(2))} Hz`
}

/** A number rounded for display to at most `digits` decimals, without trailing zeros: 0.0050000001 → "0.005". */
export function roundForDisplay(value: number, digits = 4): string {
  return String(Number(value.toFixed(digits)))
}
