import type { LabelledTable } from '../learner'

/**
 * Multinomial logistic regression fitted by full-batch Adam on the softmax cross-entropy with an L2 penalty,
 * on standardised features (so one learning rate suits any feature scale); the result is folded back to
 * weights on the raw features: w = w_s / σ, b = b_s − Σ w_s·μ / σ. Deterministic: zero start, no sampling.
 */
export interface LinearModel {
  /** classes × cols, row-major. */
  readonly weights: Float64Array
  readonly bias: Float64Array
}

export interface FitOptions {
  readonly epochs: number
  readonly learningRate: number
  readonly l2: number
}

export function fitSoftmax(data: LabelledTable, options: FitOptions): LinearModel {
  const { rows, cols, classes } = data
  const { mean, std } = standardise(data)
  const xs = new Float64Array(rows * cols)
  for (let i = 0; i < xs.length; i++) xs[i] = (data.x[i]! - mean[i % cols]!) / std[i % cols]!
  const params = new Float64Array(classes * (cols + 1))
  const adam = { m: new Float64Array(params.length), v: new Float64Array(params.length) }
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const grad = gradient(xs, data, params, options.l2)
    adamStep(params, grad, adam, options.learningRate, epoch)
  }
  const weights = new Float64Array(classes * cols)
  const bias = new Float64Array(classes)
  for (let c = 0; c < classes; c++) {
    let b = params[c * (cols + 1) + cols]!
    for (let j = 0; j < cols; j++) {
      const w = params[c * (cols + 1) + j]! / std[j]!
      weights[c * cols + j] = w
      b -= w * mean[j]!
    }
    bias[c] = b
  }
  return { weights, bias }
}

function standardise({ x, rows, cols }: LabelledTable): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(cols)
  const std = new Float64Array(cols)
  for (let i = 0; i < x.length; i++) mean[i % cols]! += x[i]! / rows
  for (let i = 0; i < x.length; i++) std[i % cols]! += (x[i]! - mean[i % cols]!) ** 2 / rows
  for (let j = 0; j < cols; j++) std[j] = Math.sqrt(std[j]!) || 1
  return { mean, std }
}

/** Mean gradient of the cross-entropy plus the L2 penalty (not on the biases). */
function gradient(xs: Float64Array, data: LabelledTable, params: Float64Array, l2: number): Float64Array {
  const { rows, cols, classes, y } = data
  const stride = cols + 1
  const grad = new Float64Array(params.length)
  const logits = new Float64Array(classes)
  for (let r = 0; r < rows; r++) {
    let max = -Infinity
    for (let c = 0; c < classes; c++) {
      let s = params[c * stride + cols]!
      for (let j = 0; j < cols; j++) s += params[c * stride + j]! * xs[r * cols + j]!
      logits[c] = s
      max = Math.max(max, s)
    }
    let sum = 0
    for (let c = 0; c < classes; c++) sum += logits[c] = Math.exp(logits[c]! - max)
    for (let c = 0; c < classes; c++) {
      const err = (logits[c]! / sum - (y[r] === c ? 1 : 0)) / rows
      for (let j = 0; j < cols; j++) grad[c * stride + j]! += err * xs[r * cols + j]!
      grad[c * stride + cols]! += err
    }
  }
  for (let c = 0; c < classes; c++)
    for (let j = 0; j < cols; j++) grad[c * stride + j]! += l2 * params[c * stride + j]!
  return grad
}

function adamStep(
  params: Float64Array,
  grad: Float64Array,
  state: { m: Float64Array; v: Float64Array },
  lr: number,
  t: number,
): void {
  const b1 = 0.9
  const b2 = 0.999
  for (let i = 0; i < params.length; i++) {
    state.m[i] = b1 * state.m[i]! + (1 - b1) * grad[i]!
    state.v[i] = b2 * state.v[i]! + (1 - b2) * grad[i]! ** 2
    const mHat = state.m[i]! / (1 - b1 ** t)
    const vHat = state.v[i]! / (1 - b2 ** t)
    params[i]! -= (lr * mHat) / (Math.sqrt(vHat) + 1e-8)
  }
}
