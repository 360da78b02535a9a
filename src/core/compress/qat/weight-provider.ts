/**
 * Where the graph model gets each constant (weights and biases) during fine-tuning: a plain trainable
 * variable, a variable under a pruning mask, or a codebook of shared centroids gathered by fixed indices.
 * Each provider says what to train (`variables`), what the forward pass sees (`value`, called inside a
 * tidy) and what to export (`values`).
 */
import * as tf from '@tensorflow/tfjs-core'
import { withGradient } from './fake-quant'

export interface WeightProvider {
  readonly shape: readonly number[]
  readonly variables: readonly tf.Variable[]
  value(): tf.Tensor
  values(): Float32Array
  dispose(): void
}

/** A trainable float tensor. */
export class VariableWeight implements WeightProvider {
  readonly variable: tf.Variable
  constructor(
    readonly shape: readonly number[],
    data: Float32Array,
    trainable = true,
  ) {
    // In a tidy, so that the initial tensor (which the variable copies) is released.
    this.variable = tf.tidy(() => tf.variable(tf.tensor(data, [...shape]), trainable))
  }
  get variables() {
    return this.variable.trainable ? [this.variable] : []
  }
  value(): tf.Tensor {
    return this.variable
  }
  values(): Float32Array {
    return Float32Array.from(this.variable.dataSync())
  }
  dispose(): void {
    this.variable.dispose()
  }
}

/**
 * A weight under a 0/1 mask (magnitude pruning): the forward pass sees w ⊙ mask, so pruned weights get no
 * gradient and stay at zero in the export; the mask can be tightened between steps (the schedule).
 */
export class MaskedWeight extends VariableWeight {
  private maskTensor: tf.Tensor
  private maskData: Uint8Array

  constructor(shape: readonly number[], data: Float32Array, mask?: Uint8Array) {
    super(shape, data)
    this.maskData = mask ?? new Uint8Array(data.length).fill(1)
    this.maskTensor = tf.tensor(Float32Array.from(this.maskData), [...shape])
  }
  get mask(): Uint8Array {
    return this.maskData
  }
  setMask(mask: Uint8Array): void {
    this.maskTensor.dispose()
    this.maskData = mask
    this.maskTensor = tf.tensor(Float32Array.from(mask), [...this.shape])
  }
  /** The raw (unmasked) weights, for choosing the next mask by magnitude. */
  rawValues(): Float32Array {
    return super.values()
  }
  override value(): tf.Tensor {
    return tf.mul(this.variable, this.maskTensor)
  }
  override values(): Float32Array {
    const raw = super.values()
    return raw.map((w, i) => (this.maskData[i] ? w : 0))
  }
  override dispose(): void {
    super.dispose()
    this.maskTensor.dispose()
  }
}

/**
 * Weight sharing (Deep Compression §3): each weight is centroids[index]; the indices are fixed and the
 * centroids trained. tf.gather's gradient sums the gradients of every weight that shares a centroid,
 * which is exactly Han et al.'s centroid update. `frozen` centroids (the zero of a pruned layer) keep
 * their value: their entries of the gradient are masked out.
 */
export class ClusteredWeight implements WeightProvider {
  readonly centroids: tf.Variable
  private readonly indexTensor: tf.Tensor
  private readonly trainMask: tf.Tensor

  constructor(
    readonly shape: readonly number[],
    centroids: Float32Array,
    readonly indices: Uint8Array,
    frozen: ReadonlySet<number> = new Set(),
  ) {
    this.centroids = tf.tidy(() => tf.variable(tf.tensor1d(centroids)))
    this.indexTensor = tf.tensor1d(Int32Array.from(indices), 'int32')
    this.trainMask = tf.tensor1d(Float32Array.from(centroids, (_, c) => (frozen.has(c) ? 0 : 1)))
  }
  get variables() {
    return [this.centroids]
  }
  value(): tf.Tensor {
    const centroids = maskGradient(this.centroids, this.trainMask)
    return tf.reshape(tf.gather(centroids, this.indexTensor), [...this.shape])
  }
  centroidValues(): Float32Array {
    return Float32Array.from(this.centroids.dataSync())
  }
  values(): Float32Array {
    const c = this.centroidValues()
    return Float32Array.from(this.indices, (i) => c[i]!)
  }
  dispose(): void {
    this.centroids.dispose()
    this.indexTensor.dispose()
    this.trainMask.dispose()
  }
}

/** Identity in the forward pass; the gradient is multiplied by `mask` (tfjs has no stop_gradient). */
export function maskGradient(x: tf.Tensor, mask: tf.Tensor): tf.Tensor {
  return withGradient(
    (input) => tf.clone(input),
    (dy) => tf.mul(dy, mask),
  )(x)
}
