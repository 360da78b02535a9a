import type { Variant } from '../../shared/api/compress'

/** "98.04 %": a test accuracy (a fraction) in percent. */
export function formatAccuracy(fraction: number): string {
  return `${(fraction * 100).toFixed(2)} %`
}

/** "−1.96 pp": the change of accuracy against the float baseline, in percentage points. */
export function formatChange(v: Variant): string {
  const pp = (v.metrics.accuracy - v.metrics.floatAccuracy) * 100
  const rounded = Math.abs(pp) < 0.005 ? 0 : pp
  return `${rounded < 0 ? '−' : '+'}${Math.abs(rounded).toFixed(2)} pp`
}

/** How the change reads: within 0.5 pp (the int8 goal) is fine, a larger loss is a warning. */
export function changeTone(v: Variant): 'success' | 'warning' | 'error' {
  const pp = (v.metrics.accuracy - v.metrics.floatAccuracy) * 100
  return pp >= -0.5 ? 'success' : pp >= -1 ? 'warning' : 'error'
}

/** 2656768 → "2.66 M", 1090 → "1,090": MACs and parameters. */
export function formatCount(n: number, locale: string): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`
  return n.toLocaleString(locale)
}
