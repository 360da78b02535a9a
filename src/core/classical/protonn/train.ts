import { createRng, shuffled, type Rng } from '../../train/random'
import type { LabelledTable } from '../learner'
import { columnStats, phaseOf, sparseParam, updateParam, type SparseParam } from '../edgeml/optimise'
import { fitPowerOfTwoQuant } from '../edgeml/quantise'
import { toStored } from '../edgeml/sparse'
import { kMeansPrototypes, medianDistance, project } from './init'
import type { ProtoNNModel, ProtoNNParams } from './model'

/**
 * ProtoNN's training (the paper's objective, Gupta et al. §3): minimise the squared loss Σ ‖y − Z·k(x)‖²
 * jointly over W, B and Z by minibatch Adam, in three phases — dense, hard-thresholded to the non-zero
 * targets after every step, then fine-tuned on the support found (EdgeML's schedule). W starts as a random
 * Gaussian projection, B as per-class k-means centres of the projected rows, Z as their one-hot labels.
 * Rows are standardised for training; the stored model folds that back into W and B.
 */
export interface ProtoNNTargets {
  readonly keepW: number
  readonly keepZ: number
}

interface State {
  readonly d: number
  readonly dHat: number
  readonly m: number
  readonly classes: number
  readonly g2: number
  readonly W: SparseParam
  readonly B: SparseParam
  readonly Z: SparseParam
}

/** Forward and backward for one row; adds the gradient (scaled by `weight`) into the params' grads. */
function accumulate(s: State, x: Float64Array, xAt: number, label: number, weight: number): void {
  const { d, dHat, m, classes, g2 } = s
  const W = s.W.values
  const B = s.B.values
  const Z = s.Z.values
  const p = new Float64Array(dHat)
  for (let i = 0; i < dHat; i++) {
    let acc = 0
    for (let j = 0; j < d; j++) acc += W[i * d + j]! * x[xAt + j]!
    p[i] = acc
  }
  const k = new Float64Array(m)
  for (let j = 0; j < m; j++) {
    let dist = 0
    for (let i = 0; i < dHat; i++) dist += (p[i]! - B[i * m + j]!) ** 2
    k[j] = Math.exp(-g2 * dist)
  }
  const gk = new Float64Array(m)
  for (let c = 0; c < classes; c++) {
    let score = 0
    for (let j = 0; j < m; j++) score += Z[c * m + j]! * k[j]!
    const r = 2 * weight * (score - (c === label ? 1 : 0))
    for (let j = 0; j < m; j++) {
      s.Z.grad[c * m + j]! += r * k[j]!
      gk[j]! += r * Z[c * m + j]!
    }
  }
  const gp = new Float64Array(dHat)
  for (let j = 0; j < m; j++) {
    const c = -2 * g2 * gk[j]! * k[j]!
    if (c === 0) continue
    for (let i = 0; i < dHat; i++) {
      const diff = p[i]! - B[i * m + j]!
      gp[i]! += c * diff
      s.B.grad[i * m + j]! -= c * diff
    }
  }
  for (let i = 0; i < dHat; i++) for (let j = 0; j < d; j++) s.W.grad[i * d + j]! += gp[i]! * x[xAt + j]!
}

function initialState(
  data: LabelledTable,
  x: Float64Array,
  params: ProtoNNParams,
  targets: ProtoNNTargets,
  rng: Rng,
): State {
  const d = data.cols
  const dHat = Math.min(params.projection, d)
  const W = new Float64Array(dHat * d).map(() => rng.normal() / Math.sqrt(d))
  const projected = project(x, data.rows, d, W, dHat)
  const { centres, labels } = kMeansPrototypes(projected, data, dHat, params.prototypesPerClass, rng)
  const m = labels.length
  const Z = new Float64Array(data.classes * m)
  labels.forEach((c, j) => (Z[c * m + j] = 1))
  const gamma = params.gamma ?? 2.5 / medianDistance(projected, data.rows, dHat, centres, m, rng)
  const lr = params.learningRate
  return {
    d,
    dHat,
    m,
    classes: data.classes,
    g2: gamma * gamma,
    W: sparseParam(W, targets.keepW, lr),
    B: sparseParam(centres, dHat * m, lr),
    Z: sparseParam(Z, targets.keepZ, lr),
  }
}

function runEpochs(s: State, data: LabelledTable, x: Float64Array, params: ProtoNNParams, rng: Rng): void {
  let order = Array.from({ length: data.rows }, (_, i) => i)
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    const phase = phaseOf(epoch, params.epochs)
    order = shuffled(order, rng)
    for (let start = 0; start < order.length; start += params.batchSize) {
      const batch = order.slice(start, start + params.batchSize)
      for (const p of [s.W, s.B, s.Z]) p.grad.fill(0)
      for (const r of batch) accumulate(s, x, r * s.d, data.y[r]!, 1 / batch.length)
      for (const p of [s.W, s.B, s.Z]) updateParam(p, phase)
    }
  }
}

/** The stored model: W and B moved from standardised features back to the raw ones. */
function storedModel(s: State, data: LabelledTable, gamma: number): ProtoNNModel {
  const { mean, std } = columnStats(data.x, data.rows, data.cols)
  const { d, dHat, m } = s
  const W = s.W.values.map((w, at) => w / std[at % d]!)
  const B = Array.from(s.B.values)
  for (let i = 0; i < dHat; i++) {
    let shift = 0
    for (let j = 0; j < d; j++) shift += W[i * d + j]! * mean[j]!
    for (let k = 0; k < m; k++) B[i * m + k] = Math.fround(B[i * m + k]! + shift)
  }
  return {
    features: d,
    classes: data.classes,
    projection: dHat,
    prototypes: m,
    gamma: Math.fround(gamma),
    W: toStored(W, dHat, d),
    B,
    Z: toStored(s.Z.values, data.classes, m),
    quant: fitPowerOfTwoQuant(data),
  }
}

export function trainProtoNN(
  data: LabelledTable,
  x: Float64Array,
  params: ProtoNNParams,
  targets: ProtoNNTargets,
  seed: number,
): ProtoNNModel {
  const rng = createRng(seed)
  const s = initialState(data, x, params, targets, rng.fork(1))
  runEpochs(s, data, x, params, rng.fork(2))
  return storedModel(s, data, Math.sqrt(s.g2))
}
