import { expNegQ15, rshr, sat16, shiftToFit } from '../edgeml/fixed-math'
import {
  quantExponents,
  inputQmax,
  quantiseInput,
  quantiseMatrix,
  rowDotInt,
  type QuantisedMatrix,
} from '../edgeml/quantise'
import { memoised } from '../edgeml/optimise'
import { transposed } from '../edgeml/sparse'
import type { ProtoNNModel } from './model'

/**
 * ProtoNN in integers, the reference of the generated fixed-point C (docs/classical.md, "ProtoNN"):
 *
 *   q[j]  = round(x[j]·2^e[j])                       int16 input (edgeml/quantise.ts)
 *   p[i]  = sat16(rshr(Σ_j Wq[i][j]·q[j], sP))       projection in the prototypes' unit (int8 Wq)
 *   d[k]  = Σ_i clamp(p[i] − Bq[i][k], ±2047)²       squared distance, int32
 *   t[k]  = ((d[k] >> sD)·gMul) >> gShift            γ²·d in Q12; d ≥ dCut (t ≥ 16) gives a kernel of 0
 *   s[c] += Zq[c][k]·exp(−t[k]) (Q15)                 scores, int32
 *
 * sP puts the largest |prototype coordinate| at 127 so that Bq is int8. Clamping a coordinate difference at
 * 2047 (so that d fits int32 for up to 64 projected dimensions) only changes distances whose kernel is
 * already 0 whenever dCut ≤ 2047², which holds for the γ the training picks (tested).
 */
export interface ProtoNNFixed {
  readonly qmax: number
  readonly exponents: readonly number[]
  readonly W: QuantisedMatrix
  readonly projectionShift: number
  /** int8, projection × prototypes row-major. */
  readonly B: readonly number[]
  /** Z transposed (prototypes × classes), int8: each prototype's row is added to the scores. */
  readonly Zt: QuantisedMatrix
  readonly dCut: number
  readonly dShift: number
  readonly gMul: number
  readonly gShift: number
}

export const DIFF_MAX = 2047

function bitLength(n: number): number {
  return n <= 0 ? 0 : Math.floor(Math.log2(n)) + 1
}

/** The kernel's integer constants for a real multiplier g12 (Q12 per distance unit). */
function kernelConstants(g12: number): Pick<ProtoNNFixed, 'dCut' | 'dShift' | 'gMul' | 'gShift'> {
  const dCut = Math.min(2147483647, Math.max(1, Math.ceil(65536 / g12)))
  const dShift = Math.max(0, bitLength(dCut - 1) - 16)
  let gShift = 30
  while (gShift > 0 && Math.round(g12 * 2 ** (dShift + gShift)) > 32767) gShift--
  const gMul = Math.max(1, Math.min(32767, Math.round(g12 * 2 ** (dShift + gShift))))
  return { dCut, dShift, gMul, gShift }
}

export function protoNNFixedForm(model: ProtoNNModel): ProtoNNFixed {
  const qmax = inputQmax(model.features)
  const exponents = quantExponents(model.quant)
  const W = quantiseMatrix(
    model.W,
    exponents.map((e) => 2 ** -e),
  )
  const largestB = Math.max(0, ...model.B.map(Math.abs))
  const projectionShift = shiftToFit(largestB / W.step, 127)
  const unit = W.step * 2 ** projectionShift
  const B = model.B.map((b) => Math.max(-127, Math.min(127, Math.round(b / unit))))
  const Zt = quantiseMatrix(transposed(model.Z))
  const g2 = Math.fround(model.gamma * model.gamma)
  return { qmax, exponents, W, projectionShift, B, Zt, ...kernelConstants(g2 * unit * unit * 4096) }
}

/** The fixed form of a model, computed once per model object. */
export const cachedFixedForm = memoised(protoNNFixedForm)

/** The kernel exp(−γ²·d) in Q15 from an integer squared distance. */
export function kernelQ15(fx: ProtoNNFixed, d: number): number {
  if (d >= fx.dCut) return 0
  return expNegQ15(((d >> fx.dShift) * fx.gMul) >> fx.gShift)
}

/** Integer scores from an already quantised input. */
export function protoNNScoresQ(fx: ProtoNNFixed, q: ArrayLike<number>, prototypes: number): Int32Array {
  const p = fx.W.entries.map((row) => sat16(rshr(rowDotInt(row, q), fx.projectionShift)))
  const scores = new Int32Array(fx.Zt.cols)
  for (let k = 0; k < prototypes; k++) {
    let d = 0
    for (let i = 0; i < p.length; i++) {
      const diff = p[i]! - fx.B[i * prototypes + k]!
      const c = diff > DIFF_MAX ? DIFF_MAX : diff < -DIFF_MAX ? -DIFF_MAX : diff
      d += c * c
    }
    const kernel = kernelQ15(fx, d)
    const row = fx.Zt.entries[k]!
    for (let e = 0; e < row.cols.length; e++) scores[row.cols[e]!]! += row.values[e]! * kernel
  }
  return scores
}

export function protoNNScoresFixed(model: ProtoNNModel, row: Float32Array): Int32Array {
  const fx = cachedFixedForm(model)
  return protoNNScoresQ(fx, quantiseInput(row, fx.exponents, fx.qmax), model.prototypes)
}
