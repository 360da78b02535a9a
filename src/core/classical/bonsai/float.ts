import { tanhF32 } from '../edgeml/float-math'
import { memoised } from '../edgeml/optimise'
import { rowDotF32, rowMatrix, type RowMatrix } from '../edgeml/quantise'
import type { BonsaiModel } from './model'
import { walkPath } from './path'

/**
 * Bonsai in float32, operation for operation as the generated float C: ẑᵢ = (Zᵢ·x) + cᵢ, then along the
 * path scores[c] += (W·ẑ)_c · tanh((V·ẑ)_c) (edgeml/float-math.ts), branching on θₖ·ẑ > 0.
 */
interface FloatForm {
  readonly Z: RowMatrix
  readonly theta: RowMatrix
  readonly W: RowMatrix
  readonly V: RowMatrix
}

const floatForm = memoised((model: BonsaiModel): FloatForm => ({
  Z: rowMatrix(model.Z),
  theta: rowMatrix(model.theta),
  W: rowMatrix(model.W),
  V: rowMatrix(model.V),
}))

export function bonsaiScoresFloat(model: BonsaiModel, row: Float32Array): Float32Array {
  const f = Math.fround
  const { Z, theta, W, V } = floatForm(model)
  const projected = Z.entries.map((r, i) => f(rowDotF32(r, row) + model.bias[i]!))
  const scores = new Float32Array(model.classes)
  walkPath(
    model.depth,
    (node) => {
      for (let c = 0; c < model.classes; c++) {
        const at = node * model.classes + c
        const a = rowDotF32(W.entries[at]!, projected)
        const t = tanhF32(rowDotF32(V.entries[at]!, projected))
        scores[c] = f(scores[c]! + f(a * t))
      }
    },
    (node) => rowDotF32(theta.entries[node]!, projected) > 0,
  )
  return scores
}
