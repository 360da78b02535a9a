import { bonsaiScoresQ, cachedBonsaiFixed } from '../../../../src/core/classical/bonsai/fixed'
import type { BonsaiModel } from '../../../../src/core/classical/bonsai/model'
import { quantiseInput } from '../../../../src/core/classical/edgeml/quantise'
import { cachedFixedForm, protoNNScoresQ } from '../../../../src/core/classical/protonn/fixed'
import type { ProtoNNModel } from '../../../../src/core/classical/protonn/model'

/** A fixed-point EdgeML model's two halves, as the board runs them: quantise a row, score quantised input. */
export interface FixedPath {
  readonly quantise: (row: Float32Array) => Int32Array
  readonly scoresQ: (q: Int32Array) => Int32Array
}

export function fixedPath(kind: 'bonsai' | 'protonn', model: unknown): FixedPath {
  if (kind === 'bonsai') {
    const m = model as BonsaiModel
    const fx = cachedBonsaiFixed(m)
    return {
      quantise: (row) => quantiseInput(row, fx.exponents, fx.qmax),
      scoresQ: (q) => bonsaiScoresQ(m, fx, q),
    }
  }
  const m = model as ProtoNNModel
  const fx = cachedFixedForm(m)
  return {
    quantise: (row) => quantiseInput(row, fx.exponents, fx.qmax),
    scoresQ: (q) => protoNNScoresQ(fx, q, m.prototypes),
  }
}
