import { planRescale, rescale, rshr, sat16, shiftToFit, tanhQ15, type Rescale } from '../edgeml/fixed-math'
import {
  quantExponents,
  inputQmax,
  quantiseInput,
  quantiseMatrix,
  rowDotInt,
  type QuantisedMatrix,
} from '../edgeml/quantise'
import { memoised } from '../edgeml/optimise'
import type { BonsaiModel } from './model'
import { walkPath } from './path'

/**
 * Bonsai in integers, the reference of the generated fixed-point C (docs/classical.md, "Bonsai"):
 *
 *   q[j] = round(x[j]·2^e[j])                            int16 input (edgeml/quantise.ts)
 *   ẑ[i] = sat16(rshr(Σ_j Zq[i][j]·q[j] + cq[i], sH))     projection, int16 (int8 Zq, int32 bias cq)
 *   per node k on the path and class c (row r = k·classes + c):
 *     a = sat16(rshr(Wq[r]·ẑ, sA))                        int16
 *     v = rescale(Vq[r]·ẑ)                                tanh's argument in Q12 (fixed-math.ts)
 *     s[c] += rshr(a·tanhQ15(v), 15)                      int32 scores
 *   branch: left when θq[k]·ẑ > 0
 *
 * The shifts come from the training rows' largest magnitudes (the model's calibration): ẑ up to 2^13 and
 * a up to 2^14, leaving room for rows beyond the training range before saturation.
 */
export interface BonsaiFixed {
  readonly qmax: number
  readonly exponents: readonly number[]
  readonly Z: QuantisedMatrix
  readonly bias: readonly number[]
  readonly projectedShift: number
  readonly theta: QuantisedMatrix
  readonly W: QuantisedMatrix
  readonly V: QuantisedMatrix
  readonly wShift: number
  readonly vRescale: Rescale
}

export function bonsaiFixedForm(model: BonsaiModel): BonsaiFixed {
  const cal = model.calibration
  const qmax = inputQmax(model.features)
  const exponents = quantExponents(model.quant)
  const Z = quantiseMatrix(
    model.Z,
    exponents.map((e) => 2 ** -e),
  )
  const bias = model.bias.map((b) => Math.max(-(2 ** 30), Math.min(2 ** 30, Math.round(b / Z.step))))
  const projectedShift = shiftToFit(cal.projectedMaxAbs / Z.step, 8191)
  const hatUnit = Z.step * 2 ** projectedShift
  const W = quantiseMatrix(model.W)
  const V = quantiseMatrix(model.V)
  const wShift = shiftToFit(cal.wMaxAbs / (W.step * hatUnit), 16383)
  const vRescale = planRescale(cal.vMaxAbs / (V.step * hatUnit), V.step * hatUnit * 4096)
  const theta = quantiseMatrix(model.theta)
  return { qmax, exponents, Z, bias, projectedShift, theta, W, V, wShift, vRescale }
}

/** The fixed form of a model, computed once per model object. */
export const cachedBonsaiFixed = memoised(bonsaiFixedForm)

/** Integer scores from an already quantised input. */
export function bonsaiScoresQ(model: BonsaiModel, fx: BonsaiFixed, q: ArrayLike<number>): Int32Array {
  const projected = fx.Z.entries.map((r, i) => sat16(rshr(rowDotInt(r, q) + fx.bias[i]!, fx.projectedShift)))
  const scores = new Int32Array(model.classes)
  walkPath(
    model.depth,
    (node) => {
      for (let c = 0; c < model.classes; c++) {
        const at = node * model.classes + c
        const a = sat16(rshr(rowDotInt(fx.W.entries[at]!, projected), fx.wShift))
        const t = tanhQ15(rescale(rowDotInt(fx.V.entries[at]!, projected), fx.vRescale))
        scores[c]! += rshr(a * t, 15)
      }
    },
    (node) => rowDotInt(fx.theta.entries[node]!, projected) > 0,
  )
  return scores
}

export function bonsaiScoresFixed(model: BonsaiModel, row: Float32Array): Int32Array {
  const fx = cachedBonsaiFixed(model)
  return bonsaiScoresQ(model, fx, quantiseInput(row, fx.exponents, fx.qmax))
}
