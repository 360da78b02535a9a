import * as tf from '@tensorflow/tfjs-core'
import type * as tfl from '@tensorflow/tfjs-layers'
import type { CancellationToken } from '../../shared/api/jobs'
import type { EpochMetrics } from '../../shared/api/train'
import { throwIfCancelled } from '../../shared/errors'
import type { WindowSet } from './data-pipeline'
import { nonFiniteLossFailure } from './diagnose'
import { predictProbabilities, setLearningRate } from './tf-util'
import { evaluatePredictions } from './evaluate'
import { createRng, hashSeed, shuffled } from './random'
import { learningRateAt, type TrainSettings } from './settings'

export type { EpochMetrics } from '../../shared/api/train'

export interface FitOptions {
  readonly settings: TrainSettings
  readonly classes: number
  readonly cancellation?: CancellationToken
  readonly onEpoch?: (metrics: EpochMetrics) => void
  readonly onBatch?: (epoch: number, batch: number, batches: number) => void
  /** Awaited every few batches so that a worker can receive a cancel message. */
  readonly pause?: () => Promise<void>
  /** Largest |feature|, for the NaN diagnosis. */
  readonly maxAbsFeature?: number
}

export interface FitResult {
  readonly history: readonly EpochMetrics[]
  /** The epoch whose weights the model ends with (the best validation loss under early stopping). */
  readonly bestEpoch: number
  readonly stoppedEarly: boolean
}

/** N / (K · n_c) per class (0 for an absent class), as scikit-learn's "balanced". */
export function balancedClassWeights(labels: Int32Array, classes: number): Float32Array {
  const counts = new Float32Array(classes)
  for (const l of labels) counts[l]!++
  return counts.map((n) => (n === 0 ? 0 : labels.length / (classes * n)))
}

/** Σ_i w[y_i] · −log(clip(p_i[y_i])) / batch, Keras's weighted categorical cross-entropy. */
function weightedLoss(pred: tf.Tensor, oneHot: tf.Tensor, weights: tf.Tensor): tf.Scalar {
  const clipped = tf.clipByValue(pred, 1e-7, 1 - 1e-7)
  const perWindow = tf.neg(tf.sum(tf.mul(oneHot, tf.log(clipped)), -1))
  const w = tf.sum(tf.mul(oneHot, weights), -1)
  return tf.mean(tf.mul(perWindow, w))
}

function batchTensors(set: WindowSet, indices: readonly number[], classes: number) {
  const x = new Float32Array(indices.length * set.featureSize)
  const y = new Int32Array(indices.length)
  indices.forEach((row, i) => {
    x.set(set.features.subarray(row * set.featureSize, (row + 1) * set.featureSize), i * set.featureSize)
    y[i] = set.labels[row]!
  })
  return {
    x: tf.tensor(x, [indices.length, ...set.featureShape]),
    y: tf.oneHot(tf.tensor1d(y, 'int32'), classes),
    truth: y,
  }
}

/**
 * Trains with a seeded shuffle per epoch, mini-batches, the chosen optimizer and learning-rate schedule,
 * class weights, and early stopping on the validation loss (the training loss when there is no validation
 * set), restoring the best weights. Checks the loss after every batch: NaN or ∞ stops with a diagnosis.
 */
export async function fitModel(
  model: tfl.LayersModel,
  train: WindowSet,
  validation: WindowSet,
  options: FitOptions,
): Promise<FitResult> {
  const { settings, classes } = options
  const optimizer =
    settings.optimizer === 'adam'
      ? tf.train.adam(settings.learningRate)
      : tf.train.momentum(settings.learningRate, settings.momentum)
  const weights = tf.tensor1d(
    settings.classWeights === 'balanced'
      ? balancedClassWeights(train.labels, classes)
      : new Float32Array(classes).fill(1),
  )
  const rng = createRng(hashSeed(settings.seed, 2))
  const history: EpochMetrics[] = []
  let best: { epoch: number; loss: number; weights: tf.Tensor[] } | undefined
  let stoppedEarly = false
  try {
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const metrics = await runEpoch(model, optimizer, train, validation, weights, rng, epoch, options)
      history.push(metrics)
      options.onEpoch?.(metrics)
      const monitored = metrics.valLoss ?? metrics.loss
      if (best === undefined || monitored < best.loss) {
        best?.weights.forEach((w) => w.dispose())
        best = { epoch: metrics.epoch, loss: monitored, weights: model.getWeights().map((w) => w.clone()) }
      } else if (
        settings.earlyStopping.enabled &&
        metrics.epoch - best.epoch >= settings.earlyStopping.patience
      ) {
        stoppedEarly = true
        break
      }
    }
    const last = history[history.length - 1]!.epoch
    if (best && settings.earlyStopping.enabled && best.epoch !== last) model.setWeights(best.weights)
    return { history, bestEpoch: settings.earlyStopping.enabled && best ? best.epoch : last, stoppedEarly }
  } finally {
    best?.weights.forEach((w) => w.dispose())
    weights.dispose()
    optimizer.dispose()
  }
}

async function runEpoch(
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
  train: WindowSet,
  validation: WindowSet,
  classWeights: tf.Tensor,
  rng: ReturnType<typeof createRng>,
  epoch: number,
  options: FitOptions,
): Promise<EpochMetrics> {
  const started = Date.now()
  const { settings, classes } = options
  const learningRate = learningRateAt(settings, epoch)
  setLearningRate(optimizer, learningRate)
  const order = shuffled(
    Array.from({ length: train.count }, (_, i) => i),
    rng,
  )
  const batches = Math.ceil(train.count / settings.batchSize)
  let lossSum = 0
  let correct = 0
  let lastPause = Date.now()
  for (let b = 0; b < batches; b++) {
    throwIfCancelled(options.cancellation)
    const { x, y, truth } = batchTensors(
      train,
      order.slice(b * settings.batchSize, (b + 1) * settings.batchSize),
      classes,
    )
    let predicted: tf.Tensor | undefined
    const loss = optimizer.minimize(() => {
      const pred = model.apply(x, { training: true }) as tf.Tensor
      predicted = tf.keep(tf.argMax(pred, -1))
      return weightedLoss(pred, y, classWeights)
    }, true)!
    const value = loss.dataSync()[0]!
    const classes_ = predicted!.dataSync()
    tf.dispose([x, y, loss, predicted!])
    if (!Number.isFinite(value))
      throw nonFiniteLossFailure(settings, epoch + 1, b + 1, options.maxAbsFeature ?? 0)
    lossSum += value * truth.length
    truth.forEach((t, i) => (correct += classes_[i] === t ? 1 : 0))
    options.onBatch?.(epoch, b, batches)
    if (options.pause && Date.now() - lastPause > 50) {
      await options.pause()
      lastPause = Date.now()
    }
  }
  const metrics = {
    epoch: epoch + 1,
    loss: lossSum / train.count,
    accuracy: correct / train.count,
    learningRate,
  }
  if (validation.count === 0) return { ...metrics, seconds: (Date.now() - started) / 1000 }
  const val = evaluatePredictions(
    predictProbabilities(model, validation),
    validation.labels,
    Array.from({ length: classes }, (_, i) => String(i)),
    validation.refs,
    0,
  )
  return { ...metrics, valLoss: val.loss, valAccuracy: val.accuracy, seconds: (Date.now() - started) / 1000 }
}
