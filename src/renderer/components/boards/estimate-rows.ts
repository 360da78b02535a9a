import type { BoardEstimate } from '../../../core/boards/estimate'

/** Sorting, filtering and number formats of the per-board estimate panel (units come with the text). */

export type EstimateSort = 'catalog' | 'fits' | 'latency'

/** Stable: boards that compare equal keep the estimator's order (connected first, then the catalog). */
export function sortEstimates(rows: readonly BoardEstimate[], sort: EstimateSort): BoardEstimate[] {
  const order = new Map(rows.map((r, i) => [r.boardId, i]))
  const byOrder = (a: BoardEstimate, b: BoardEstimate) => order.get(a.boardId)! - order.get(b.boardId)!
  const sorted = [...rows]
  if (sort === 'fits') sorted.sort((a, b) => Number(b.fits) - Number(a.fits) || byOrder(a, b))
  if (sort === 'latency') sorted.sort((a, b) => a.latency.totalMs - b.latency.totalMs || byOrder(a, b))
  return sorted
}

export function visibleEstimates(
  rows: readonly BoardEstimate[],
  sort: EstimateSort,
  fitsOnly: boolean,
): BoardEstimate[] {
  return sortEstimates(fitsOnly ? rows.filter((r) => r.fits) : rows, sort)
}

/** 0.42 ms, 5.17 ms, 17.8 ms, 4210 ms. */
export function formatMs(ms: number): string {
  if (ms >= 100) return `${ms.toFixed(0)} ms`
  if (ms >= 10) return `${ms.toFixed(1)} ms`
  return `${ms.toFixed(2)} ms`
}

/** 927 µJ, 1.2 mJ, 3.4 J. */
export function formatEnergy(microjoules: number): string {
  if (microjoules >= 1e6) return `${(microjoules / 1e6).toFixed(1)} J`
  if (microjoules >= 1e4) return `${(microjoules / 1e3).toFixed(1)} mJ`
  return `${microjoules.toFixed(0)} µJ`
}

/** 5.2 h, 23 d, 3.1 years. */
export function formatLife(hours: number): string {
  if (hours >= 24 * 365) return `${(hours / (24 * 365)).toFixed(1)} y`
  if (hours >= 48) return `${(hours / 24).toFixed(0)} d`
  return `${hours.toFixed(1)} h`
}

/** Share of a limit used, for a bar: 0–100 (a bar never overflows; the text says by how much). */
export function usePercent(used: number, limit: number): number {
  return limit <= 0 ? 100 : Math.min(100, Math.round((used / limit) * 1000) / 10)
}
