import { planNonZeros, type SparsifiedShape } from '../edgeml/budget'
import { EXP2_TABLE_Q15 } from '../edgeml/fixed-math'
import { nonZeros } from '../edgeml/quantise'
import { matrixLayout } from '../edgeml/sparse'
import type { ModelSize, NumericMode } from '../learner'
import { cachedFixedForm } from './fixed'
import type { ProtoNNModel, ProtoNNParams } from './model'

/**
 * ProtoNN's bytes on the board. Flash: W (projection × features) and Zᵀ (prototypes × classes) in their
 * smaller layout (edgeml/sparse.ts), B dense; in fixed mode also one exponent byte per feature and the
 * 17-entry uint16 exp table. RAM: what P_predict puts on the stack — the quantised row (fixed), the
 * projected row, the scores — and ~16 bytes of locals (the caller's float row is not counted).
 */
const LOCALS_BYTES = 16

interface Shape {
  readonly features: number
  readonly classes: number
  readonly projection: number
  readonly prototypes: number
}

function valueBytes(numeric: NumericMode): number {
  return numeric === 'fixed' ? 1 : 4
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
  const quantisedRow = numeric === 'fixed' ? 2 * model.features : 0
  const ramBytes =
    quantisedRow + (numeric === 'fixed' ? 2 : 4) * model.projection + 4 * model.classes + LOCALS_BYTES
  return { flashBytes, ramBytes }
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
