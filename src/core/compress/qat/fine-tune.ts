/**
 * The fine-tuning loop shared by QAT, pruning and clustering: mini-batch Adam on softmax cross-entropy of
 * the graph model's logits, a seeded shuffle per epoch, hooks around each step (the pruning schedule, the
 * range tracker), and the weights of the best validation loss kept — counted only from `selectFromEpoch`,
 * so that a schedule still tightening its masks cannot win with a denser model.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { CancellationToken } from '../../../shared/api/jobs'
import { BestWeights, batchOf, Pacer, runMinibatchEpoch, type TrainWindows } from '../../train/minibatch'
import { createRng, hashSeed } from '../../train/random'
import { compressFailure } from '../errors'
import type { GraphModel } from './graph-model'

export interface FineTuneSettings {
  readonly epochs: number
  readonly batchSize: number
  readonly learningRate: number
  readonly seed: number
}

export interface EpochResult {
  readonly epoch: number
  readonly loss: number
  readonly valLoss: number
  readonly valAccuracy: number
}

export interface FineTuneOptions {
  readonly cancellation?: CancellationToken
  /** Awaited every few batches so that a worker can receive a cancel message. */
  readonly pause?: () => Promise<void>
  readonly onEpoch?: (result: EpochResult) => void
  readonly onBatch?: (epoch: number, batch: number, batches: number) => void
  /** Before each optimizer step (0-based global step): e.g. a pruning mask update. */
  readonly beforeStep?: (step: number, totalSteps: number) => void
  /** After each optimizer step: e.g. folding observed ranges into the tracker. */
  readonly afterStep?: (step: number) => void
  /** First epoch (1-based) whose weights may be kept as the best; default 1. */
  readonly selectFromEpoch?: number
  /** Dropout rate by activation tensor while training (dropout-plan.ts); none by default. */
  readonly dropout?: ReadonlyMap<number, number>
  /** The loss on a batch; default softmax cross-entropy of the logits against one-hot labels. */
  readonly loss?: (model: GraphModel, x: tf.Tensor, labels: tf.Tensor, rows: readonly number[]) => tf.Scalar
}

export interface FineTuneResult {
  readonly history: readonly EpochResult[]
  /** The epoch whose weights the model ends with; 0 = the starting weights were best on validation. */
  readonly bestEpoch: number
}

export function checkSettings(s: FineTuneSettings): void {
  const ok =
    Number.isInteger(s.epochs) &&
    s.epochs >= 1 &&
    s.epochs <= 500 &&
    s.learningRate > 0 &&
    s.learningRate <= 1
  if (!ok || !(Number.isInteger(s.batchSize) && s.batchSize >= 1))
    throw compressFailure(
      'BadFineTuneOptions',
      `Fine-tuning needs 1–500 epochs, a learning rate in (0, 1] and a batch size from 1 (got ${s.epochs}, ${s.learningRate}, ${s.batchSize}).`,
    )
}

const crossEntropy = (model: GraphModel, x: tf.Tensor, y: tf.Tensor): tf.Scalar =>
  tf.losses.softmaxCrossEntropy(y, model.forward(x, true).logits) as tf.Scalar

/** Mean cross-entropy and accuracy of the model (inference mode) on a set. */
export function evaluateModel(model: GraphModel, set: TrainWindows, classes: number, batchSize = 256) {
  let loss = 0
  let correct = 0
  for (let start = 0; start < set.count; start += batchSize) {
    const rows = Array.from({ length: Math.min(batchSize, set.count - start) }, (_, i) => start + i)
    const [l, predicted] = tf.tidy(() => {
      const { x, y } = batchOf(set, rows, classes)
      const { logits } = model.forward(x, false)
      const perRow = tf.losses.softmaxCrossEntropy(y, logits, undefined, undefined, tf.Reduction.NONE)
      return [tf.sum(perRow).dataSync()[0]!, tf.argMax(logits, -1).dataSync()] as const
    })
    loss += l
    rows.forEach((r, i) => (correct += predicted[i] === set.labels[r] ? 1 : 0))
  }
  return { loss: set.count ? loss / set.count : 0, accuracy: set.count ? correct / set.count : 0 }
}

/** Fine-tunes `model` in place; ends with the weights of the best validation loss (from `selectFromEpoch`). */
export async function fineTune(
  model: GraphModel,
  train: TrainWindows,
  validation: TrainWindows,
  classes: number,
  settings: FineTuneSettings,
  options: FineTuneOptions = {},
): Promise<FineTuneResult> {
  checkSettings(settings)
  if (train.count === 0)
    throw compressFailure(
      'NoFineTuneData',
      'There are no training windows to fine-tune on. Add training samples.',
    )
  const monitor = validation.count > 0 ? validation : train
  const selectFrom = options.selectFromEpoch ?? 1
  if (options.dropout) model.dropout = options.dropout
  const optimizer = tf.train.adam(settings.learningRate)
  const rng = createRng(hashSeed(settings.seed, 7))
  const pacer = new Pacer(options.pause)
  const batches = Math.ceil(train.count / settings.batchSize)
  const lossOf = options.loss ?? ((m, x, y) => crossEntropy(m, x, y))
  const best = new BestWeights(
    () => model.trainableVariables,
    (values) => model.trainableVariables.forEach((v, i) => v.assign(values[i]!)),
  )
  const history: EpochResult[] = []
  try {
    // The starting point is a candidate too (epoch 0), so fine-tuning never ends worse on validation than
    // where it began — unless a schedule makes the start ineligible.
    if (selectFrom <= 1) best.offer(0, evaluateModel(model, monitor, classes).loss)
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const loss = await runMinibatchEpoch({
        optimizer,
        variables: model.trainableVariables,
        windows: train.count,
        batchSize: settings.batchSize,
        rng,
        epoch,
        batch: (rows) => {
          const { x, y } = batchOf(train, rows, classes)
          return { loss: () => lossOf(model, x, y, rows), release: () => tf.dispose([x, y]) }
        },
        nonFinite: (value) =>
          compressFailure(
            'NonFiniteLoss',
            `The loss became ${value} at epoch ${epoch + 1}. Lower the fine-tuning learning rate.`,
          ),
        pacer,
        beforeStep: (b) => options.beforeStep?.(epoch * batches + b, settings.epochs * batches),
        afterStep: (b) => options.afterStep?.(epoch * batches + b),
        ...(options.cancellation ? { cancellation: options.cancellation } : {}),
        ...(options.onBatch ? { onBatch: options.onBatch } : {}),
      })
      const val = evaluateModel(model, monitor, classes)
      const result = { epoch: epoch + 1, loss, valLoss: val.loss, valAccuracy: val.accuracy }
      history.push(result)
      options.onEpoch?.(result)
      if (epoch + 1 >= selectFrom) best.offer(epoch + 1, val.loss)
    }
    best.restore()
    return { history, bestEpoch: best.epoch >= 0 ? best.epoch : settings.epochs }
  } finally {
    best.dispose()
    optimizer.dispose()
  }
}
