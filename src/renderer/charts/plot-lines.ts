/**
 * The numbers of one plotter line ("1.5, -2\t3"), or null for a line that is not all numbers (banners,
 * log text): the plotter skips those instead of drawing zeros.
 */
export function numbersOf(line: string): number[] | null {
  const parts = line.trim().split(/[\s,;]+/)
  if (parts.length === 0 || parts[0] === '') return null
  const values = parts.map(Number)
  return values.every(Number.isFinite) ? values : null
}
