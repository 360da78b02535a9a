import { edgemlRamBytes, planNonZeros, valueBytes, type SparsifiedShape } from '../edgeml/budget'
import { EXP2_TABLE_Q15 } from '../edgeml/fixed-math'
import { nonZeros } from '../edgeml/quantise'
import { matrixLayout } from '../edgeml/sparse'
import type { ModelSize, NumericMode } from '../learner'
import { cachedFixedForm } from './fixed'
import type { ProtoNNModel, ProtoNNParams } from './model'

/**
 * ProtoNN's bytes on the board. Flash: W (projection × features) and Zᵀ (prototypes × classes) in their
 * smaller layout (edgeml/sparse.ts), B dense; in fixed mode also one exponent byte per feature and the
 * 17-entry uint16 exp table. RAM: edgemlRamBytes (edgeml/budget.ts).
 */

interface Shape {
  readonly features: number
  readonly classes: number
  readonly projection: number
  readonly prototypes: number
}

/** Flash bytes outside the two sparsified matrices. */
export function protoNNFixedBytes(shape: Shape, numeric: NumericMode): number {
  const tables = numeric === 'fixed' ? shape.features + 2 * EXP2_TABLE_Q15.length : 0
  return tables + shape.projection * shape.prototypes * valueBytes(numeric)
}

export function protoNNSize(model: ProtoNNModel, numeric: NumericMode): ModelSize {
  const vb = valueBytes(numeric)
  const nnzW = numeric === 'fixed' ? nonZeros(cachedFixedForm(model).W) : model.W.index.length
  const nnzZ = numeric === 'fixed' ? nonZeros(cachedFixedForm(model).Zt) : model.Z.index.length
  const flashBytes =
    protoNNFixedBytes(model, numeric) +
    matrixLayout(model.projection, model.features, nnzW, vb).bytes +
    matrixLayout(model.prototypes, model.classes, nnzZ, vb).bytes
  return { flashBytes, ramBytes: edgemlRamBytes(model, numeric) }
}

/** Non-zero targets for W and Z that fit the params' budget; undefined when nothing fits. */
export function protoNNTargets(
  shape: Shape,
  params: ProtoNNParams,
): { keepW: number; keepZ: number } | undefined {
  const shapes: SparsifiedShape[] = [
    { rows: shape.projection, cols: shape.features, density: params.densityW },
    { rows: shape.prototypes, cols: shape.classes, density: params.densityZ },
  ]
  const numeric = params.budgetNumeric
  const targets = planNonZeros(
    shapes,
    protoNNFixedBytes(shape, numeric),
    valueBytes(numeric),
    params.budgetBytes,
  )
  return targets && { keepW: targets[0]!, keepZ: targets[1]! }
}
