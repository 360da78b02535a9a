import { modelFailure } from './errors'

/**
 * Weights of a trained model by layer id, in Keras's layouts and names (what TensorFlow.js's layers hold):
 * - dense `kernel` [in, units], conv1d `kernel` [k, inC, filters], conv2d `kernel` [kh, kw, inC, filters],
 *   depthwise `kernel` [kh, kw, inC, multiplier], `bias` [out];
 * - batch norm `gamma`, `beta`, `movingMean`, `movingVariance`, each [channels].
 */
export type LayerWeights = Readonly<Record<string, Readonly<Record<string, Float32Array>>>>

export function weightOf(
  weights: LayerWeights,
  layerId: string,
  name: string,
  expectedLength: number,
): Float32Array {
  const value = weights[layerId]?.[name]
  if (value === undefined)
    throw modelFailure(
      'WeightsMismatch',
      `The trained weights have no "${name}" for layer "${layerId}". Retrain the model.`,
    )
  if (value.length !== expectedLength) {
    throw modelFailure(
      'WeightsMismatch',
      `The "${name}" of layer "${layerId}" has ${value.length} values where the design needs ${expectedLength}. The design changed after training: retrain the model.`,
    )
  }
  return value
}

/** Dense: Keras [in, units] → TFLite fully-connected [units, in]. */
export function denseToTflite(kernel: Float32Array, inUnits: number, units: number): Float32Array {
  const out = new Float32Array(kernel.length)
  for (let i = 0; i < inUnits; i++)
    for (let u = 0; u < units; u++) out[u * inUnits + i] = kernel[i * units + u]!
  return out
}

/**
 * Convolution: Keras [kh, kw, inC, filters] (conv1d: [k, inC, filters], i.e. kh = 1) → TFLite
 * [filters, kh, kw, inC].
 */
export function convToTflite(kernel: Float32Array, kh: number, kw: number, inC: number, filters: number) {
  const out = new Float32Array(kernel.length)
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let c = 0; c < inC; c++)
        for (let f = 0; f < filters; f++)
          out[((f * kh + y) * kw + x) * inC + c] = kernel[((y * kw + x) * inC + c) * filters + f]!
  return out
}

/**
 * Depthwise: Keras [kh, kw, inC, multiplier] → TFLite [1, kh, kw, inC·multiplier], output channel
 * c·multiplier + m — the same memory order, so a copy.
 */
export function depthwiseToTflite(kernel: Float32Array): Float32Array {
  return Float32Array.from(kernel)
}

/** The per-channel affine map a batch norm applies at inference: y = scale·x + shift. */
export function batchNormAffine(
  gamma: Float32Array,
  beta: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  epsilon: number,
): { scale: Float64Array; shift: Float64Array } {
  const scale = new Float64Array(gamma.length)
  const shift = new Float64Array(gamma.length)
  for (let c = 0; c < gamma.length; c++) {
    scale[c] = gamma[c]! / Math.sqrt(variance[c]! + epsilon)
    shift[c] = beta[c]! - mean[c]! * scale[c]!
  }
  return { scale, shift }
}

/**
 * Folds y = scale·(W·x + b) + shift into W' = scale·W (per output channel), b' = scale·b + shift, in place.
 * `channelOf(i)` gives the output channel of weight element i in the TFLite layout.
 */
export function foldAffine(
  filter: Float32Array,
  bias: Float32Array,
  scale: Float64Array,
  shift: Float64Array,
  channelOf: (index: number) => number,
): void {
  for (let i = 0; i < filter.length; i++) filter[i] = filter[i]! * scale[channelOf(i)]!
  for (let c = 0; c < bias.length; c++) bias[c] = bias[c]! * scale[c]! + shift[c]!
}
