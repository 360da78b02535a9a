/**
 * Fake quantization for quantization-aware training (Jacob et al., arXiv 1712.05877, §3): the forward pass
 * rounds a float tensor to the int8 grid it will have after export, the backward pass is the
 * straight-through estimator — the gradient passes unchanged where the value is inside the representable
 * range and is zero where it was clipped (as TensorFlow's FakeQuantWithMinMaxVars).
 *
 * The grids are exactly the export's: activations use `chooseActivationParams` (range widened to 0, zero
 * point nudged), weights the symmetric per-channel scale max|w_c| / 127 recomputed from the current weights
 * at every step.
 */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-layers'
import { chooseActivationParams, type AffineParams } from '../quantize/params'
import type { TensorRange } from '../ptq/calibrate'

/**
 * An op whose forward pass is `forward(x)` and whose gradient is `gradient(dy, x)`: the straight-through
 * estimator and its relatives, built on tf.customGrad.
 */
export function withGradient(
  forward: (x: tf.Tensor) => tf.Tensor,
  gradient: (dy: tf.Tensor, x: tf.Tensor) => tf.Tensor,
): (x: tf.Tensor) => tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor
    ;(args[1] as tf.GradSaveFunc)([input])
    return {
      value: tf.tidy(() => forward(input)),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => gradient(dy as tf.Tensor, saved[0]!),
    }
  })
  return (x) => op(x)
}

/** x̂ = (clamp(round(x / s) + zp, −128, 127) − zp) · s, with the straight-through gradient. */
export function fakeQuantActivation(x: tf.Tensor, params: AffineParams): tf.Tensor {
  const { scale, zeroPoint } = params
  const lo = (-128 - zeroPoint) * scale
  const hi = (127 - zeroPoint) * scale
  return withGradient(
    (input) =>
      tf.mul(
        tf.sub(tf.clipByValue(tf.add(tf.round(tf.div(input, scale)), zeroPoint), -128, 127), zeroPoint),
        scale,
      ),
    (dy, input) =>
      tf.mul(dy, tf.cast(tf.logicalAnd(tf.greaterEqual(input, lo), tf.lessEqual(input, hi)), 'float32')),
  )(x)
}

/**
 * Symmetric per-channel fake quantization of a weight tensor whose channel axis is `axis` (0 for conv and
 * dense weights in TFLite layout, 3 for depthwise; undefined for one scale per tensor). Straight-through:
 * every weight is inside its own channel's range, so the gradient is dy.
 */
export function fakeQuantWeights(w: tf.Tensor, axis: number | undefined): tf.Tensor {
  return withGradient(
    (input) => {
      const all = input.shape.map((_, i) => i)
      const maxAbs = tf.max(tf.abs(input), axis === undefined ? all : all.filter((i) => i !== axis), true)
      // An all-zero channel keeps scale 1: its weights are 0 on either grid.
      const scale = tf.where(tf.greater(maxAbs, 0), tf.div(maxAbs, 127), tf.onesLike(maxAbs))
      return tf.mul(tf.clipByValue(tf.round(tf.div(input, scale)), -127, 127), scale)
    },
    (dy) => dy,
  )(w)
}

/**
 * Activation ranges during QAT: started from calibrated ranges, then moved towards each batch's min/max by
 * an exponential moving average (decay 0.99 per step; TensorFlow's QAT uses 0.999 over far longer runs).
 * The export uses these ranges, so the int8 model has the grids the network was fine-tuned on.
 */
export class RangeTracker {
  private readonly ranges: Map<number, TensorRange>

  constructor(
    initial: ReadonlyMap<number, TensorRange>,
    private readonly decay = 0.99,
  ) {
    this.ranges = new Map(initial)
  }

  params(tensor: number): AffineParams | undefined {
    const r = this.ranges.get(tensor)
    return r ? chooseActivationParams(r.min, r.max) : undefined
  }

  /** Folds one batch's observed min and max of `tensor` into its range. */
  observe(tensor: number, min: number, max: number): void {
    const r = this.ranges.get(tensor)
    if (!r || !Number.isFinite(min) || !Number.isFinite(max)) return
    const d = this.decay
    this.ranges.set(tensor, { min: d * r.min + (1 - d) * min, max: d * r.max + (1 - d) * max })
  }

  snapshot(): ReadonlyMap<number, TensorRange> {
    return new Map(this.ranges)
  }
}
