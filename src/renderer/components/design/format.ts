/** Number formatting shared by the Design and Train components (units are added by the i18n strings). */

/** 2 656 768 → "2.66 M", 945 → "945". */
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
