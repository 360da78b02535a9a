/**
 * Non-negative least squares weighted for relative error: minimise Σ ((rows·x − y) / y)² with x ≥ 0, so a
 * 1,000-cycle op counts as much as a 1,000,000-cycle one. Lawson and Hanson's active-set method ("Solving
 * Least Squares Problems", 1974, ch. 23), written out because no maintained npm package offers NNLS and the
 * problems here are tiny (tens of rows, under twenty columns). Columns that are all zero stay 0.
 */

function solveNormal(
  a: readonly (readonly number[])[],
  b: readonly number[],
  cols: readonly number[],
): number[] | undefined {
  const n = cols.length
  const m = cols.map((i) => [
    ...cols.map((j) => a.reduce((s, r) => s + r[i]! * r[j]!, 0)),
    a.reduce((s, r, k) => s + r[i]! * b[k]!, 0),
  ])
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r
    if (Math.abs(m[p]![c]!) < 1e-18) return undefined
    ;[m[c], m[p]] = [m[p]!, m[c]!]
    for (let r = 0; r < n; r++) {
      if (r === c) continue
      const f = m[r]![c]! / m[c]![c]!
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!
    }
  }
  return m.map((row, i) => row[n]! / row[i]!)
}

export function fitNonNegative(rows: readonly (readonly number[])[], y: readonly number[]): number[] {
  const width = rows[0]!.length
  // Scale rows by 1/y (relative error) and columns to unit norm (conditioning); undo the column scale at the end.
  const weighted = rows.map((r, k) => r.map((v) => v / y[k]!))
  const norms = [...Array(width).keys()].map((j) => Math.sqrt(weighted.reduce((s, r) => s + r[j]! ** 2, 0)))
  const a = weighted.map((r) => r.map((v, j) => (norms[j]! > 0 ? v / norms[j]! : 0)))
  const b = y.map(() => 1)
  const x = new Array<number>(width).fill(0)
  const passive = new Set<number>()
  const gradient = () =>
    [...Array(width).keys()].map((j) =>
      a.reduce((s, r, k) => s + r[j]! * (b[k]! - r.reduce((t, v, i) => t + v * x[i]!, 0)), 0),
    )
  for (let outer = 0; outer < 3 * width; outer++) {
    const w = gradient()
    const candidates = [...Array(width).keys()].filter(
      (j) => !passive.has(j) && norms[j]! > 0 && w[j]! > 1e-12,
    )
    if (candidates.length === 0) break
    passive.add(candidates.reduce((best, j) => (w[j]! > w[best]! ? j : best)))
    for (let inner = 0; inner < 3 * width; inner++) {
      const cols = [...passive].sort((p, q) => p - q)
      const z = solveNormal(a, b, cols)
      if (!z) {
        passive.delete(cols[cols.length - 1]!)
        break
      }
      if (z.every((v) => v > 0)) {
        cols.forEach((c, i) => (x[c] = z[i]!))
        break
      }
      let alpha = 1
      cols.forEach((c, i) => {
        if (z[i]! <= 0) alpha = Math.min(alpha, x[c]! / (x[c]! - z[i]!))
      })
      cols.forEach((c, i) => (x[c] = x[c]! + alpha * (z[i]! - x[c]!)))
      for (const c of cols) {
        if (x[c]! > 1e-12) continue
        x[c] = 0
        passive.delete(c)
      }
    }
  }
  return x.map((v, j) => (norms[j]! > 0 ? v / norms[j]! : 0))
}
