/** A strided loop nest: the output shape and, per operand, an element stride per dimension (0 = broadcast). */
export interface StridedPlan {
  readonly shape: number[]
  readonly strides: number[][]
}

/** resources/wasm/elementwise.c MAX_RANK: deeper loop nests go to the stock kernels. */
export const maxStridedRank = 8

/** Row-major strides of `shape` right-aligned to `outShape`, with 0 where the operand is broadcast. */
export function alignedStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const rank = outShape.length
  const strides = new Array<number>(rank).fill(0)
  let step = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i] ?? 1
    const o = rank - shape.length + i
    strides[o] = d === 1 && (outShape[o] ?? 1) !== 1 ? 0 : step
    step *= d
  }
  return strides
}

/**
 * Drops unit dimensions and merges neighbours that every operand walks contiguously (or broadcasts), so the
 * wasm loop runs over few, long rows. A scalar result becomes shape [1].
 */
export function collapse(shape: readonly number[], operands: readonly (readonly number[])[]): StridedPlan {
  const outShape: number[] = []
  const strides: number[][] = operands.map(() => [])
  shape.forEach((d, i) => {
    if (d === 1) return
    const last = outShape.length - 1
    const mergeable = last >= 0 && operands.every((s, k) => strides[k]?.[last] === (s[i] ?? 0) * d)
    if (mergeable) outShape[last] = (outShape[last] ?? 1) * d
    else outShape.push(d)
    operands.forEach((s, k) => {
      const row = strides[k]
      if (!row) return
      if (mergeable) row[last] = s[i] ?? 0
      else row.push(s[i] ?? 0)
    })
  })
  if (outShape.length === 0) return { shape: [1], strides: operands.map(() => [0]) }
  return { shape: outShape, strides }
}

/**
 * The loop nest of Tile: each dimension d becomes (reps[d], shape[d]) with the input stride 0 on the first,
 * which walks the contiguous output in order.
 */
export function tilePlan(shape: readonly number[], reps: readonly number[]): StridedPlan {
  const own = alignedStrides(shape, shape)
  const outShape: number[] = []
  const inStrides: number[] = []
  shape.forEach((d, i) => {
    outShape.push(reps[i] ?? 1, d)
    inStrides.push(0, own[i] ?? 0)
  })
  return collapse(outShape, [inStrides])
}
