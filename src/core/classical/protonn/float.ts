import { expNegF32 } from '../edgeml/float-math'
import { memoised } from '../edgeml/optimise'
import { rowDotF32, rowMatrix, type RowMatrix } from '../edgeml/quantise'
import { transposed } from '../edgeml/sparse'
import type { ProtoNNModel } from './model'

/**
 * ProtoNN in float32, operation for operation as the generated float C: p = W·x (columns in increasing
 * order), d[k] = Σ_i (p[i] − B[i][k])², kernel = expNeg(−(γ²·d[k])) (edgeml/float-math.ts), and each
 * prototype's label column added to the scores in class order.
 */
interface FloatForm {
  readonly W: RowMatrix
  readonly Zt: RowMatrix
  readonly gamma2: number
}

const floatForm = memoised((model: ProtoNNModel): FloatForm => ({
  W: rowMatrix(model.W),
  Zt: rowMatrix(transposed(model.Z)),
  gamma2: Math.fround(model.gamma * model.gamma),
}))

export function protoNNScoresFloat(model: ProtoNNModel, row: Float32Array): Float32Array {
  const f = Math.fround
  const { W, Zt, gamma2 } = floatForm(model)
  const p = W.entries.map((r) => rowDotF32(r, row))
  const scores = new Float32Array(model.classes)
  for (let k = 0; k < model.prototypes; k++) {
    let d = 0
    for (let i = 0; i < p.length; i++) {
      const diff = f(p[i]! - model.B[i * model.prototypes + k]!)
      d = f(d + f(diff * diff))
    }
    const kernel = expNegF32(-f(gamma2 * d))
    const z = Zt.entries[k]!
    for (let e = 0; e < z.cols.length; e++) {
      const c = z.cols[e]!
      scores[c] = f(scores[c]! + f(z.values[e]! * kernel))
    }
  }
  return scores
}
