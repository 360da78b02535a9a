import { createRng, shuffled, type Rng } from '../../train/random'
import type { LabelledTable } from '../learner'
import { columnStats, phaseOf, sparseParam, updateParam } from '../edgeml/optimise'
import { fitPowerOfTwoQuant, rowDotF32, rowMatrix } from '../edgeml/quantise'
import { toStored } from '../edgeml/sparse'
import { accumulateBonsai, type BonsaiState } from './gradient'
import {
  internalCount,
  nodeCount,
  type BonsaiCalibration,
  type BonsaiModel,
  type BonsaiParams,
} from './model'
import { walkPath } from './path'

/**
 * Bonsai's training: minibatch Adam on Z, c, θ, W and V jointly, in EdgeML's three phases (dense, hard
 * thresholded to the non-zero targets after every step, fine-tuned on the support found). σ_I, the
 * sharpness of the soft branching, grows geometrically from 1 to 64 over the epochs so that the tree the
 * training ends with routes rows as the hard tree of the board does. Rows are standardised for training;
 * the stored model folds that back into Z and c, and σ into V.
 */
export interface BonsaiTargets {
  readonly keepZ: number
  readonly keepTheta: number
  readonly keepW: number
  readonly keepV: number
}

const SIGMA_I_END = 64

function gaussian(n: number, scale: number, rng: Rng): Float64Array {
  return new Float64Array(n).map(() => rng.normal() * scale)
}

function initialState(
  data: LabelledTable,
  params: BonsaiParams,
  targets: BonsaiTargets,
  rng: Rng,
): BonsaiState {
  const d = data.cols
  const dHat = Math.min(params.projection, d)
  const nodes = nodeCount(params.depth)
  const internal = internalCount(params.depth)
  const rows = nodes * data.classes
  const lr = params.learningRate
  const scale = 1 / Math.sqrt(dHat)
  return {
    d,
    dHat,
    classes: data.classes,
    depth: params.depth,
    nodes,
    internal,
    sigma: params.sigma,
    Z: sparseParam(gaussian(dHat * d, 1 / Math.sqrt(d), rng), targets.keepZ, lr),
    bias: sparseParam(new Float64Array(dHat), dHat, lr),
    theta: sparseParam(gaussian(internal * dHat, scale, rng), targets.keepTheta, lr),
    W: sparseParam(gaussian(rows * dHat, scale, rng), targets.keepW, lr),
    V: sparseParam(gaussian(rows * dHat, scale, rng), targets.keepV, lr),
  }
}

function runEpochs(
  s: BonsaiState,
  data: LabelledTable,
  x: Float64Array,
  params: BonsaiParams,
  rng: Rng,
): void {
  let order = Array.from({ length: data.rows }, (_, i) => i)
  const all = [s.Z, s.bias, s.theta, s.W, s.V]
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    const phase = phaseOf(epoch, params.epochs)
    const sigmaI = SIGMA_I_END ** (epoch / Math.max(1, params.epochs - 1))
    order = shuffled(order, rng)
    for (let start = 0; start < order.length; start += params.batchSize) {
      const batch = order.slice(start, start + params.batchSize)
      for (const p of all) p.grad.fill(0)
      for (const r of batch) accumulateBonsai(s, x, r * s.d, data.y[r]!, 1 / batch.length, sigmaI)
      for (const p of all) updateParam(p, phase)
    }
  }
}

/** The largest magnitudes the hard tree meets on the training rows. */
function calibrate(
  model: Omit<BonsaiModel, 'calibration' | 'quant'>,
  data: LabelledTable,
): BonsaiCalibration {
  const Z = rowMatrix(model.Z)
  const [theta, W, V] = [model.theta, model.W, model.V].map(rowMatrix) as [
    ReturnType<typeof rowMatrix>,
    ReturnType<typeof rowMatrix>,
    ReturnType<typeof rowMatrix>,
  ]
  let projectedMaxAbs = 0
  let wMaxAbs = 0
  let vMaxAbs = 0
  for (let r = 0; r < data.rows; r++) {
    const row = data.x.subarray(r * data.cols, (r + 1) * data.cols)
    const hat = Z.entries.map((e, i) => rowDotF32(e, row) + model.bias[i]!)
    for (const h of hat) projectedMaxAbs = Math.max(projectedMaxAbs, Math.abs(h))
    walkPath(
      model.depth,
      (node) => {
        for (let c = 0; c < model.classes; c++) {
          wMaxAbs = Math.max(wMaxAbs, Math.abs(rowDotF32(W.entries[node * model.classes + c]!, hat)))
          vMaxAbs = Math.max(vMaxAbs, Math.abs(rowDotF32(V.entries[node * model.classes + c]!, hat)))
        }
      },
      (node) => rowDotF32(theta.entries[node]!, hat) > 0,
    )
  }
  return { projectedMaxAbs, wMaxAbs, vMaxAbs }
}

function storedModel(s: BonsaiState, data: LabelledTable): BonsaiModel {
  const { mean, std } = columnStats(data.x, data.rows, data.cols)
  const Z = s.Z.values.map((w, at) => w / std[at % s.d]!)
  const bias = Array.from(s.bias.values, (c, i) => {
    let shift = 0
    for (let j = 0; j < s.d; j++) shift += Z[i * s.d + j]! * mean[j]!
    return Math.fround(c - shift)
  })
  const rows = s.nodes * s.classes
  const model = {
    features: s.d,
    classes: s.classes,
    projection: s.dHat,
    depth: s.depth,
    Z: toStored(Z, s.dHat, s.d),
    bias,
    theta: toStored(s.theta.values, s.internal, s.dHat),
    W: toStored(s.W.values, rows, s.dHat),
    V: toStored(
      s.V.values.map((v) => v * s.sigma),
      rows,
      s.dHat,
    ),
  }
  return { ...model, quant: fitPowerOfTwoQuant(data), calibration: calibrate(model, data) }
}

export function trainBonsai(
  data: LabelledTable,
  x: Float64Array,
  params: BonsaiParams,
  targets: BonsaiTargets,
  seed: number,
): BonsaiModel {
  const rng = createRng(seed)
  const s = initialState(data, params, targets, rng.fork(1))
  runEpochs(s, data, x, params, rng.fork(2))
  return storedModel(s, data)
}
