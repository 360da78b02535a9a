import type { LabelledTable } from '../../src/core/classical/learner'
import { createRng } from '../../src/core/train/random'

/**
 * The float baseline of the EdgeML bench: a one-hidden-layer MLP (ReLU, softmax, cross-entropy, Adam 0.01,
 * batch 32, standardised inputs), in plain Float64 TypeScript and seeded, so that the bench needs nothing
 * but the table. Returns its test accuracy and its parameter count (4 bytes each as float32).
 */
export function mlpAccuracy(
  train: LabelledTable,
  test: LabelledTable,
  hidden: number,
  epochs: number,
  seed: number,
): { accuracy: number; parameters: number } {
  const { cols: d, classes: k } = train
  const rng = createRng(seed)
  const mean = new Float64Array(d)
  const std = new Float64Array(d)
  for (let i = 0; i < train.x.length; i++) mean[i % d]! += train.x[i]! / train.rows
  for (let i = 0; i < train.x.length; i++) std[i % d]! += (train.x[i]! - mean[i % d]!) ** 2 / train.rows
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]!) || 1
  const params = new Float64Array(hidden * d + hidden + k * hidden + k)
  for (let i = 0; i < hidden * d; i++) params[i] = rng.normal() * Math.sqrt(2 / d)
  for (let i = 0; i < k * hidden; i++) params[hidden * d + hidden + i] = rng.normal() * Math.sqrt(2 / hidden)
  const w2 = hidden * d + hidden
  const b2 = w2 + k * hidden
  const forward = (x: Float32Array, at: number) => {
    const input = Float64Array.from({ length: d }, (_, j) => (x[at + j]! - mean[j]!) / std[j]!)
    const h = Float64Array.from({ length: hidden }, (_, u) => {
      let s = params[hidden * d + u]!
      for (let j = 0; j < d; j++) s += params[u * d + j]! * input[j]!
      return Math.max(0, s)
    })
    const out = Float64Array.from({ length: k }, (_, c) => {
      let s = params[b2 + c]!
      for (let u = 0; u < hidden; u++) s += params[w2 + c * hidden + u]! * h[u]!
      return s
    })
    return { input, h, out }
  }
  const m = new Float64Array(params.length)
  const v = new Float64Array(params.length)
  let t = 0
  const order = Array.from({ length: train.rows }, (_, i) => i)
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(0, i)
      ;[order[i], order[j]] = [order[j]!, order[i]!]
    }
    for (let start = 0; start < order.length; start += 32) {
      const batch = order.slice(start, start + 32)
      const grad = new Float64Array(params.length)
      for (const r of batch) {
        const { input, h, out } = forward(train.x, r * d)
        const top = Math.max(...out)
        const e = out.map((o) => Math.exp(o - top))
        const sum = e.reduce((a, b) => a + b, 0)
        const g = e.map((x, c) => (x / sum - (c === train.y[r] ? 1 : 0)) / batch.length)
        const gh = new Float64Array(hidden)
        for (let c = 0; c < k; c++) {
          grad[b2 + c]! += g[c]!
          for (let u = 0; u < hidden; u++) {
            grad[w2 + c * hidden + u]! += g[c]! * h[u]!
            gh[u]! += g[c]! * params[w2 + c * hidden + u]!
          }
        }
        for (let u = 0; u < hidden; u++) {
          if (h[u]! <= 0) continue
          grad[hidden * d + u]! += gh[u]!
          for (let j = 0; j < d; j++) grad[u * d + j]! += gh[u]! * input[j]!
        }
      }
      t++
      for (let i = 0; i < params.length; i++) {
        m[i] = 0.9 * m[i]! + 0.1 * grad[i]!
        v[i] = 0.999 * v[i]! + 0.001 * grad[i]! ** 2
        params[i]! -= (0.01 * (m[i]! / (1 - 0.9 ** t))) / (Math.sqrt(v[i]! / (1 - 0.999 ** t)) + 1e-8)
      }
    }
  }
  let right = 0
  for (let r = 0; r < test.rows; r++) {
    const { out } = forward(test.x, r * d)
    if (out.indexOf(Math.max(...out)) === test.y[r]) right++
  }
  return { accuracy: right / test.rows, parameters: params.length }
}
