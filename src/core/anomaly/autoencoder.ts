import { createRng, shuffled, type Rng } from '../train/random'
import { type FeatureTable, type Standardiser, fitStandardiser, standardise, standardiseTable } from './table'

/**
 * A small dense autoencoder (the shape of MLPerf Tiny's anomaly model, much smaller): standardised features
 * d → hidden → bottleneck → hidden → d, ReLU inside, linear output. Trained on normal windows only to
 * reproduce its input; the score is the mean squared reconstruction error. A window unlike the normal ones
 * is reproduced badly.
 *
 * It has its own trainer (plain backpropagation and Adam on Float64Arrays, ~1 ms per epoch on the demo)
 * rather than src/core/train's TensorFlow.js one: the model is four dense layers, the trainer then needs no
 * backend or worker, and a seed gives the same weights on every machine.
 */
export interface DenseLayer {
  readonly inputs: number
  readonly outputs: number
  /** Row-major [outputs][inputs]. */
  readonly weights: readonly number[]
  readonly bias: readonly number[]
}

export interface AutoencoderModel {
  readonly kind: 'autoencoder'
  readonly standardiser: Standardiser
  readonly layers: readonly DenseLayer[]
}

export interface AutoencoderParams {
  readonly hidden: number
  readonly bottleneck: number
  readonly epochs: number
  readonly batchSize: number
  readonly learningRate: number
}

export const AUTOENCODER_DEFAULTS: AutoencoderParams = {
  hidden: 32,
  bottleneck: 8,
  epochs: 80,
  batchSize: 32,
  learningRate: 0.003,
}

interface Layer {
  readonly inputs: number
  readonly outputs: number
  readonly w: Float64Array
  readonly b: Float64Array
  readonly gw: Float64Array
  readonly gb: Float64Array
  readonly adam: Float64Array[]
}

export function trainAutoencoder(
  table: FeatureTable,
  params: AutoencoderParams,
  seed: number,
): AutoencoderModel {
  const standardiser = fitStandardiser(table)
  const z = standardiseTable(standardiser, table)
  const { rows, cols } = table
  const rng = createRng(seed)
  const sizes = [cols, params.hidden, params.bottleneck, params.hidden, cols]
  const layers = sizes.slice(1).map((outputs, i) => newLayer(sizes[i]!, outputs, rng))
  let step = 0
  const order = Array.from({ length: rows }, (_, r) => r)
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    const batches = shuffled(order, rng)
    for (let start = 0; start < rows; start += params.batchSize) {
      const batch = batches.slice(start, start + params.batchSize)
      for (const layer of layers) {
        layer.gw.fill(0)
        layer.gb.fill(0)
      }
      for (const r of batch) backward(layers, z.subarray(r * cols, (r + 1) * cols), batch.length)
      adamStep(layers, params.learningRate, ++step)
    }
  }
  return {
    kind: 'autoencoder',
    standardiser,
    layers: layers.map((l) => ({
      inputs: l.inputs,
      outputs: l.outputs,
      weights: Array.from(l.w),
      bias: Array.from(l.b),
    })),
  }
}

export function autoencoderScore(model: AutoencoderModel, row: ArrayLike<number>): number {
  const z = standardise(model.standardiser, row)
  const layers = model.layers.map((l) => ({ ...l, w: l.weights, b: l.bias }))
  const activations = forward(layers, z)
  const out = activations[activations.length - 1]!
  let error = 0
  for (let j = 0; j < z.length; j++) error += (out[j]! - z[j]!) ** 2
  return error / z.length
}

/** He-initialised weights (normal, σ = √(2/inputs)), zero bias. */
function newLayer(inputs: number, outputs: number, rng: Rng): Layer {
  const w = Float64Array.from({ length: inputs * outputs }, () => rng.normal() * Math.sqrt(2 / inputs))
  const b = new Float64Array(outputs)
  const zeros = () => new Float64Array(w.length + b.length)
  return {
    inputs,
    outputs,
    w,
    b,
    gw: new Float64Array(w.length),
    gb: new Float64Array(outputs),
    adam: [zeros(), zeros()],
  }
}

type Weights = Pick<Layer, 'inputs' | 'outputs'> & {
  readonly w: ArrayLike<number>
  readonly b: ArrayLike<number>
}

/** Activations of every layer (index 0 = input); ReLU on all but the last. */
function forward(layers: readonly Weights[], input: ArrayLike<number>): Float64Array[] {
  const acts = [Float64Array.from(input)]
  layers.forEach((layer, i) => {
    const x = acts[i]!
    const y = new Float64Array(layer.outputs)
    for (let o = 0; o < layer.outputs; o++) {
      let s = layer.b[o]!
      for (let k = 0; k < layer.inputs; k++) s += layer.w[o * layer.inputs + k]! * x[k]!
      y[o] = i < layers.length - 1 ? Math.max(0, s) : s
    }
    acts.push(y)
  })
  return acts
}

/** Adds one window's gradient of the mean squared error (averaged over the batch) to each layer's. */
function backward(layers: Layer[], z: Float64Array, batchSize: number): void {
  const acts = forward(layers, z)
  const out = acts[acts.length - 1]!
  let delta = out.map((v, j) => (2 * (v - z[j]!)) / (z.length * batchSize))
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!
    const x = acts[i]!
    const back = new Float64Array(layer.inputs)
    for (let o = 0; o < layer.outputs; o++) {
      const d = delta[o]!
      layer.gb[o]! += d
      for (let k = 0; k < layer.inputs; k++) {
        layer.gw[o * layer.inputs + k]! += d * x[k]!
        back[k]! += d * layer.w[o * layer.inputs + k]!
      }
    }
    // ReLU's derivative at the previous layer's output (the input layer has none).
    if (i > 0) for (let k = 0; k < back.length; k++) if (x[k]! <= 0) back[k] = 0
    delta = back
  }
}

/** Adam (β1 0.9, β2 0.999, ε 1e-8) on every weight and bias. */
function adamStep(layers: Layer[], rate: number, step: number): void {
  const [b1, b2] = [0.9, 0.999]
  const correction = Math.sqrt(1 - b2 ** step) / (1 - b1 ** step)
  for (const layer of layers) {
    const [m, v] = layer.adam as [Float64Array, Float64Array]
    const n = layer.w.length
    for (let i = 0; i < m.length; i++) {
      const g = i < n ? layer.gw[i]! : layer.gb[i - n]!
      m[i] = b1 * m[i]! + (1 - b1) * g
      v[i] = b2 * v[i]! + (1 - b2) * g * g
      const update = (rate * correction * m[i]!) / (Math.sqrt(v[i]!) + 1e-8)
      if (i < n) layer.w[i]! -= update
      else layer.b[i - n]! -= update
    }
  }
}
