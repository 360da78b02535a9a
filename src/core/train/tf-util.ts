import * as tf from '@tensorflow/tfjs-core'
import type * as tfl from '@tensorflow/tfjs-layers'
import type { WindowSet } from './data-pipeline'

/**
 * Sets an optimizer's learning rate between steps. SGD and momentum have `setLearningRate`; Adam reads its
 * `learningRate` field on every step (tfjs-core 4.x), so assigning it is enough.
 */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  const o = optimizer as unknown as { setLearningRate?: (r: number) => void; learningRate: number }
  if (typeof o.setLearningRate === 'function') o.setLearningRate(rate)
  else o.learningRate = rate
}

/** Class probabilities of every window (inference mode), row-major count × classes. */
export function predictProbabilities(model: tfl.LayersModel, set: WindowSet, batchSize = 256): Float32Array {
  const classes = (model.outputs[0]!.shape[1] as number | null) ?? 0
  const out = new Float32Array(set.count * classes)
  for (let start = 0; start < set.count; start += batchSize) {
    const end = Math.min(set.count, start + batchSize)
    const probs = tf.tidy(() => {
      const x = tf.tensor(set.features.subarray(start * set.featureSize, end * set.featureSize), [
        end - start,
        ...set.featureShape,
      ])
      return (model.predict(x) as tf.Tensor).dataSync() as Float32Array
    })
    out.set(probs, start * classes)
  }
  return out
}
