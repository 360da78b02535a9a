import type { SparseParam } from '../edgeml/optimise'

/**
 * Bonsai's training objective for one row and its gradient (Kumar et al. §3): the soft tree, in which every
 * node contributes, weighted by its soft path indicator — I₀ = 1, I₂ₖ₊₁ = Iₖ(1 + uₖ)/2, I₂ₖ₊₂ = Iₖ(1 − uₖ)/2
 * with uₖ = tanh(σ_I·θₖ·ẑ) — so that the branching is learnt by gradient descent; σ_I grows during training
 * until the soft tree behaves as the hard one the board runs. Loss: softmax cross-entropy of
 * y = Σₖ Iₖ·(Wₖ·ẑ) ∘ tanh(σ·Vₖ·ẑ).
 */
export interface BonsaiState {
  readonly d: number
  readonly dHat: number
  readonly classes: number
  readonly depth: number
  readonly nodes: number
  readonly internal: number
  readonly sigma: number
  readonly Z: SparseParam
  readonly bias: SparseParam
  readonly theta: SparseParam
  readonly W: SparseParam
  readonly V: SparseParam
}

function matVec(m: Float64Array, row: number, cols: number, x: ArrayLike<number>, xAt = 0): number {
  let acc = 0
  for (let j = 0; j < cols; j++) acc += m[row * cols + j]! * x[xAt + j]!
  return acc
}

function addOuter(
  g: Float64Array,
  row: number,
  scale: number,
  x: ArrayLike<number>,
  cols: number,
  xAt = 0,
): void {
  for (let j = 0; j < cols; j++) g[row * cols + j]! += scale * x[xAt + j]!
}

interface Forward {
  readonly hat: Float64Array
  readonly u: Float64Array
  readonly indicator: Float64Array
  readonly a: Float64Array
  readonly t: Float64Array
  readonly y: Float64Array
}

function forward(s: BonsaiState, x: Float64Array, xAt: number, sigmaI: number): Forward {
  const { dHat, classes, nodes, internal } = s
  const hat = new Float64Array(dHat)
  for (let i = 0; i < dHat; i++) hat[i] = matVec(s.Z.values, i, s.d, x, xAt) + s.bias.values[i]!
  const u = new Float64Array(internal)
  const indicator = new Float64Array(nodes)
  indicator[0] = 1
  for (let k = 0; k < internal; k++) {
    u[k] = Math.tanh(sigmaI * matVec(s.theta.values, k, dHat, hat))
    indicator[2 * k + 1] = (indicator[k]! * (1 + u[k]!)) / 2
    indicator[2 * k + 2] = (indicator[k]! * (1 - u[k]!)) / 2
  }
  const a = new Float64Array(nodes * classes)
  const t = new Float64Array(nodes * classes)
  const y = new Float64Array(classes)
  for (let r = 0; r < nodes * classes; r++) {
    a[r] = matVec(s.W.values, r, dHat, hat)
    t[r] = Math.tanh(s.sigma * matVec(s.V.values, r, dHat, hat))
    y[r % classes]! += indicator[Math.floor(r / classes)]! * a[r]! * t[r]!
  }
  return { hat, u, indicator, a, t, y }
}

/** dLoss/dy for softmax cross-entropy, times `weight`. */
function lossGradient(y: Float64Array, label: number, weight: number): Float64Array {
  const top = Math.max(...y)
  const e = y.map((v) => Math.exp(v - top))
  const sum = e.reduce((p, v) => p + v, 0)
  return e.map((v, c) => weight * (v / sum - (c === label ? 1 : 0)))
}

/** Adds one row's gradient (scaled by `weight`) into the params' grads. */
export function accumulateBonsai(
  s: BonsaiState,
  x: Float64Array,
  xAt: number,
  label: number,
  weight: number,
  sigmaI: number,
): void {
  const { dHat, classes, nodes, internal } = s
  const fw = forward(s, x, xAt, sigmaI)
  const g = lossGradient(fw.y, label, weight)
  const dHatGrad = new Float64Array(dHat)
  const dIndicator = new Float64Array(nodes)
  for (let r = 0; r < nodes * classes; r++) {
    const k = Math.floor(r / classes)
    const gc = g[r % classes]!
    dIndicator[k]! += gc * fw.a[r]! * fw.t[r]!
    const dA = fw.indicator[k]! * gc * fw.t[r]!
    const dB = fw.indicator[k]! * gc * fw.a[r]! * s.sigma * (1 - fw.t[r]! ** 2)
    addOuter(s.W.grad, r, dA, fw.hat, dHat)
    addOuter(s.V.grad, r, dB, fw.hat, dHat)
    for (let i = 0; i < dHat; i++)
      dHatGrad[i]! += dA * s.W.values[r * dHat + i]! + dB * s.V.values[r * dHat + i]!
  }
  for (let k = internal - 1; k >= 0; k--) {
    const left = dIndicator[2 * k + 1]!
    const right = dIndicator[2 * k + 2]!
    dIndicator[k]! += (left * (1 + fw.u[k]!)) / 2 + (right * (1 - fw.u[k]!)) / 2
    const dArg = (((left - right) * fw.indicator[k]!) / 2) * sigmaI * (1 - fw.u[k]! ** 2)
    addOuter(s.theta.grad, k, dArg, fw.hat, dHat)
    for (let i = 0; i < dHat; i++) dHatGrad[i]! += dArg * s.theta.values[k * dHat + i]!
  }
  for (let i = 0; i < dHat; i++) {
    addOuter(s.Z.grad, i, dHatGrad[i]!, x, s.d, xAt)
    s.bias.grad[i]! += dHatGrad[i]!
  }
}
