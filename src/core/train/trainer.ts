import * as tf from '@tensorflow/tfjs-core'
import type * as tfl from '@tensorflow/tfjs-layers'
import type { CancellationToken } from '../../shared/api/jobs'
import type { EpochMetrics } from '../../shared/api/train'
import type { WindowSet } from './data-pipeline'
import { nonFiniteLossFailure } from './diagnose'
import { predictProbabilities, setLearningRate } from './tf-util'
import { evaluatePredictions } from './evaluate'
import { BestWeights, batchOf, Pacer, runMinibatchEpoch } from './minibatch'
import { createRng, hashSeed, type Rng } from './random'
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
  /** The training windows of an epoch (0-based) when they change per epoch (augmentation); else `train`. */
  readonly trainFor?: (epoch: number) => Promise<WindowSet>
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
  const best = new BestWeights(
    () => model.getWeights(),
    (values) => model.setWeights([...values]),
  )
  let stoppedEarly = false
  try {
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const metrics = await runEpoch(model, optimizer, train, validation, weights, rng, epoch, options)
      history.push(metrics)
      options.onEpoch?.(metrics)
      best.offer(metrics.epoch, metrics.valLoss ?? metrics.loss)
      if (settings.earlyStopping.enabled && metrics.epoch - best.epoch >= settings.earlyStopping.patience) {
        stoppedEarly = true
        break
      }
    }
    const last = history[history.length - 1]!.epoch
    if (settings.earlyStopping.enabled && best.epoch !== last) best.restore()
    return { history, bestEpoch: settings.earlyStopping.enabled ? best.epoch : last, stoppedEarly }
  } finally {
    best.dispose()
    weights.dispose()
    optimizer.dispose()
  }
}

async function runEpoch(
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
  original: WindowSet,
  validation: WindowSet,
  classWeights: tf.Tensor,
  rng: Rng,
  epoch: number,
  options: FitOptions,
): Promise<EpochMetrics> {
  const started = Date.now()
  const { settings, classes } = options
  const train = options.trainFor ? await options.trainFor(epoch) : original
  const learningRate = learningRateAt(settings, epoch)
  setLearningRate(optimizer, learningRate)
  let correct = 0
  const loss = await runMinibatchEpoch({
    optimizer,
    windows: train.count,
    batchSize: settings.batchSize,
    rng,
    epoch,
    batch: (rows) => {
      const { x, y } = batchOf(train, rows, classes)
      let predicted: tf.Tensor | undefined
      return {
        loss: () => {
          const pred = model.apply(x, { training: true }) as tf.Tensor
          predicted = tf.keep(tf.argMax(pred, -1))
          return weightedLoss(pred, y, classWeights)
        },
        release: () => {
          const chosen = predicted!.dataSync()
          rows.forEach((row, i) => (correct += chosen[i] === train.labels[row] ? 1 : 0))
          tf.dispose([x, y, predicted!])
        },
      }
    },
    nonFinite: (_value, b) => nonFiniteLossFailure(settings, epoch + 1, b + 1, options.maxAbsFeature ?? 0),
    pacer: new Pacer(options.pause),
    ...(options.cancellation ? { cancellation: options.cancellation } : {}),
    ...(options.onBatch ? { onBatch: options.onBatch } : {}),
  })
  const metrics = { epoch: epoch + 1, loss, accuracy: correct / train.count, learningRate }
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
