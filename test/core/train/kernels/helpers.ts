import '@tensorflow/tfjs-backend-cpu'
// tfjs-layers registers TensorFlow.js's gradient functions (tfjs-core's Node bundle does not)
import '@tensorflow/tfjs-layers'
import * as tf from '@tensorflow/tfjs-core'
import { fastBackendName, useFastBackend } from '../../../../src/core/train/kernels'
import { createRng } from '../../../../src/core/train/random'

export { tf }
export const ours = fastBackendName
export const stock = 'cpu'

/** Registers the fast backend once per test file (the wasm module is instantiated on first use). */
export async function setUp(): Promise<void> {
  await useFastBackend()
}

/** The seeded PRNG of src/core/train/random.ts, as a bare [0, 1) stream, so failures reproduce. */
export const prng = (seed: number): (() => number) => createRng(seed).next

/** An integer in [lo, hi]. */
export function int(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1))
}

/** Values uniform in [-1, 1) from the PRNG. */
export function randomValues(rand: () => number, size: number): Float32Array {
  return Float32Array.from({ length: size }, () => rand() * 2 - 1)
}

/** Runs `f` on `backend` and returns its outputs' values (tensors are created inside, then disposed). */
export async function valuesOn(backend: string, f: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend)
  const outs = tf.tidy(() => {
    const r = f()
    return Array.isArray(r) ? r : [r]
  })
  const values = outs.map((t) => Float32Array.from(t.dataSync() as ArrayLike<number>))
  tf.dispose(outs)
  return values
}

/** Runs one kernel by name, as the engine does for ops and gradients. */
export function runKernel(name: string, inputs: Record<string, tf.Tensor>, attrs: object = {}): tf.Tensor {
  return tf.engine().runKernel(name, inputs, attrs as never) as tf.Tensor
}

/**
 * Asserts |a − b| ≤ 2·n·2⁻²⁴·M (+ 1e-30) element-wise: the classic bound for two float32 evaluations of a
 * sum of `n` terms whose absolute values add up to M (`magnitude`, same shape). Returns the worst ratio of
 * error to bound, which must stay ≤ 1.
 */
export function worstSumError(a: Float32Array, b: Float32Array, magnitude: Float32Array, n: number): number {
  if (a.length !== b.length || a.length !== magnitude.length) throw new Error('length mismatch')
  let worst = 0
  for (let i = 0; i < a.length; i++) {
    const bound = 2 * n * 2 ** -24 * (magnitude[i] ?? 0) + 1e-30
    worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? 0)) / bound)
  }
  return worst
}

/** True when the two arrays hold the same float32 values, NaN equal to NaN. */
export function bitEqual(a: Float32Array | Uint8Array, b: Float32Array | Uint8Array): boolean {
  return (
    a.length === b.length && a.every((v, i) => Object.is(v, b[i]) || (Number.isNaN(v) && Number.isNaN(b[i])))
  )
}

/**
 * Numerical vs analytic gradient of L(xs) = Σ f(xs) ⊙ R on our backend (R fixed random), checking
 * `samples` coordinates of every input by central differences with step h. Returns the worst
 * |numeric − analytic| / max(1, |analytic|).
 */
export async function worstGradientError(
  f: (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  seed: number,
  h = 0.25,
  samples = 12,
): Promise<number> {
  await tf.setBackend(ours)
  const rand = prng(seed)
  const outShape = tf.tidy(() => f(...inputs).shape)
  const r = tf.tensor(
    randomValues(
      rand,
      outShape.reduce((a, b) => a * b, 1),
    ),
    outShape,
  )
  const loss = (...xs: tf.Tensor[]): tf.Scalar => tf.sum(tf.mul(f(...xs), r))
  const analytic = tf
    .grads(loss)(inputs)
    .map((g) => g.dataSync() as Float32Array)
  let worst = 0
  for (let k = 0; k < inputs.length; k++) {
    const base = inputs[k]!.dataSync() as Float32Array
    for (let s = 0; s < samples; s++) {
      const i = Math.floor(rand() * base.length)
      const at = (delta: number): number =>
        tf.tidy(() => {
          const v = Float32Array.from(base)
          v[i] = (v[i] ?? 0) + delta
          const xs = inputs.map((t, j) => (j === k ? tf.tensor(v, t.shape) : t))
          return loss(...xs).dataSync()[0] ?? NaN
        })
      const numeric = (at(h) - at(-h)) / (2 * h)
      const a = analytic[k]![i] ?? NaN
      worst = Math.max(worst, Math.abs(numeric - a) / Math.max(1, Math.abs(a)))
    }
  }
  r.dispose()
  return worst
}
