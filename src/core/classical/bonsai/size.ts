import { edgemlRamBytes, planNonZeros, valueBytes, type SparsifiedShape } from '../edgeml/budget'
import { TANH_TABLE_Q15 } from '../edgeml/fixed-math'
import { nonZeros } from '../edgeml/quantise'
import { matrixLayout } from '../edgeml/sparse'
import type { ModelSize, NumericMode } from '../learner'
import { cachedBonsaiFixed } from './fixed'
import { internalCount, nodeCount, type BonsaiModel, type BonsaiParams } from './model'

/**
 * Bonsai's bytes on the board. Flash: Z, θ, W and V in their smaller layout (edgeml/sparse.ts) and the
 * bias (int32 or float); in fixed mode also one exponent byte per feature and the 33-entry int16 tanh table.
 * RAM: edgemlRamBytes (edgeml/budget.ts).
 */

interface Shape {
  readonly features: number
  readonly classes: number
  readonly projection: number
  readonly depth: number
}

/** The four sparsified matrices' shapes, in the order Z, θ, W, V. */
function shapesOf(shape: Shape, densities: readonly number[]): SparsifiedShape[] {
  const rows = nodeCount(shape.depth) * shape.classes
  return [
    { rows: shape.projection, cols: shape.features, density: densities[0]! },
    { rows: internalCount(shape.depth), cols: shape.projection, density: densities[1]! },
    { rows, cols: shape.projection, density: densities[2]! },
    { rows, cols: shape.projection, density: densities[3]! },
  ]
}

function fixedBytes(shape: Shape, numeric: NumericMode): number {
  const tables = numeric === 'fixed' ? shape.features + 2 * TANH_TABLE_Q15.length : 0
  return tables + 4 * shape.projection
}

export function bonsaiSize(model: BonsaiModel, numeric: NumericMode): ModelSize {
  const vb = valueBytes(numeric)
  const fx = numeric === 'fixed' ? cachedBonsaiFixed(model) : undefined
  const nnz = fx
    ? [fx.Z, fx.theta, fx.W, fx.V].map(nonZeros)
    : [model.Z, model.theta, model.W, model.V].map((m) => m.index.length)
  const flashBytes = shapesOf(model, [1, 1, 1, 1]).reduce(
    (sum, s, i) => sum + matrixLayout(s.rows, s.cols, nnz[i]!, vb).bytes,
    fixedBytes(model, numeric),
  )
  return { flashBytes, ramBytes: edgemlRamBytes(model, numeric) }
}

/** Non-zero targets for Z, θ, W and V that fit the params' budget; undefined when nothing fits. */
export function bonsaiTargets(
  shape: Shape,
  params: BonsaiParams,
): { keepZ: number; keepTheta: number; keepW: number; keepV: number } | undefined {
  const densities = [params.densityZ, params.densityTheta, params.densityW, params.densityV]
  const numeric = params.budgetNumeric
  const t = planNonZeros(
    shapesOf(shape, densities),
    fixedBytes(shape, numeric),
    valueBytes(numeric),
    params.budgetBytes,
  )
  return t && { keepZ: t[0]!, keepTheta: t[1]!, keepW: t[2]!, keepV: t[3]! }
}
