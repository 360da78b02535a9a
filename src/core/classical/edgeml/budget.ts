import { matrixLayout } from './sparse'

/**
 * From a byte budget to non-zero targets for iterative hard thresholding. Every sparsified matrix gets the
 * same density ρ (capped by the user's own density for it); ρ is the largest value whose model — the
 * matrices in their smaller C layout plus `fixedBytes` (dense parts, tables) — fits the budget, found by
 * bisection (the size only grows with ρ). Since a trained model never has more non-zeros than its targets
 * and quantisation only drops entries, the trained model fits too.
 */
export interface SparsifiedShape {
  readonly rows: number
  readonly cols: number
  /** The user's cap on the fraction of non-zero entries (1 = no cap). */
  readonly density: number
}

export function nonZeroTarget(shape: SparsifiedShape, rho: number): number {
  const size = shape.rows * shape.cols
  return Math.max(1, Math.min(Math.ceil(shape.density * size), Math.ceil(rho * size)))
}

export function plannedBytes(
  shapes: readonly SparsifiedShape[],
  targets: readonly number[],
  fixedBytes: number,
  valueBytes: number,
): number {
  return shapes.reduce(
    (sum, s, i) => sum + matrixLayout(s.rows, s.cols, targets[i]!, valueBytes).bytes,
    fixedBytes,
  )
}

/**
 * Non-zero targets per matrix for a budget (no budget: the user's densities). Undefined when even one
 * non-zero per matrix does not fit.
 */
export function planNonZeros(
  shapes: readonly SparsifiedShape[],
  fixedBytes: number,
  valueBytes: number,
  budgetBytes: number | undefined,
): number[] | undefined {
  const at = (rho: number) => shapes.map((s) => nonZeroTarget(s, rho))
  if (budgetBytes === undefined) return at(1)
  const fits = (rho: number) => plannedBytes(shapes, at(rho), fixedBytes, valueBytes) <= budgetBytes
  if (!fits(0)) return undefined
  if (fits(1)) return at(1)
  let lo = 0
  let hi = 1
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2
    if (fits(mid)) lo = mid
    else hi = mid
  }
  return at(lo)
}

/** Bytes of one stored value: int8 in fixed point, float32 in float. */
export function valueBytes(numeric: 'float' | 'fixed'): number {
  return numeric === 'fixed' ? 1 : 4
}

/**
 * RAM of an EdgeML evaluator: what P_predict puts on the stack — the quantised row (fixed), the projected
 * row, the scores — and ~16 bytes of locals; the caller's float row is not counted.
 */
export function edgemlRamBytes(
  shape: { readonly features: number; readonly projection: number; readonly classes: number },
  numeric: 'float' | 'fixed',
): number {
  const quantisedRow = numeric === 'fixed' ? 2 * shape.features : 0
  return quantisedRow + (numeric === 'fixed' ? 2 : 4) * shape.projection + 4 * shape.classes + 16
}
