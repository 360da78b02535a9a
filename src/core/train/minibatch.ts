/**
 * The one minibatch loop that training, fine-tuning (QAT, pruning, clustering) and distillation share: a
 * seeded shuffle per epoch, batches of `batchSize` windows, an optimizer step on the caller's loss, a check
 * that the loss stays finite, cancellation between batches, and a pause now and then so that a worker
 * hears its cancel message. What differs (the loss, the model, what an epoch reports, which weights are
 * kept) stays with the callers; `BestWeights` keeps the weights of the best epoch for all three.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { CancellationToken } from '../../shared/api/jobs'
import { throwIfCancelled, type MoteFailure } from '../../shared/errors'
import { shuffled, type Rng } from './random'

/** Feature windows with labels: a `WindowSet` without its sample references. */
export interface TrainWindows {
  readonly count: number
  readonly featureShape: readonly number[]
  readonly featureSize: number
  readonly features: Float32Array
  readonly labels: Int32Array
}

/** The features of `rows` as one batch tensor [rows, ...featureShape]. */
export function featuresOf(set: TrainWindows, rows: readonly number[]): tf.Tensor {
  const x = new Float32Array(rows.length * set.featureSize)
  rows.forEach((r, i) =>
    x.set(set.features.subarray(r * set.featureSize, (r + 1) * set.featureSize), i * set.featureSize),
  )
  return tf.tensor(x, [rows.length, ...set.featureShape])
}

/** The features of `rows` and their labels one-hot; the caller disposes both. */
export function batchOf(set: TrainWindows, rows: readonly number[], classes: number) {
  return {
    x: featuresOf(set, rows),
    y: tf.tidy(() =>
      tf.oneHot(
        tf.tensor1d(
          Int32Array.from(rows, (r) => set.labels[r]!),
          'int32',
        ),
        classes,
      ),
    ),
  }
}

/** One batch of a pass. */
export interface Batch {
  /** The batch's loss, built inside `optimizer.minimize` so that its intermediate tensors are freed. */
  loss(): tf.Scalar
  /** After the step: frees the batch's own tensors (inputs, targets) and reads anything it kept. */
  release(): void
}

/** Awaits `pause` at most every `everyMs` of busy work, so that a worker can receive messages. */
export class Pacer {
  private last: number

  constructor(
    private readonly pause: (() => Promise<void>) | undefined,
    private readonly everyMs = 50,
  ) {
    this.last = Date.now()
  }

  async maybePause(): Promise<void> {
    if (!this.pause || Date.now() - this.last <= this.everyMs) return
    await this.pause()
    this.last = Date.now()
  }
}

export interface MinibatchEpoch {
  readonly optimizer: tf.Optimizer
  /** The variables to train; every trainable one when absent. */
  readonly variables?: tf.Variable[]
  readonly windows: number
  readonly batchSize: number
  /** Draws this epoch's order of the windows (one seeded shuffle per epoch). */
  readonly rng: Rng
  /** 0-based, for the hooks. */
  readonly epoch: number
  readonly batch: (rows: readonly number[], index: number) => Batch
  /** The failure to throw when a batch's loss is NaN or infinite. */
  readonly nonFinite: (value: number, index: number) => MoteFailure
  readonly cancellation?: CancellationToken
  readonly pacer?: Pacer
  /** Before each optimizer step, with the batch's 0-based index in the epoch. */
  readonly beforeStep?: (index: number) => void
  /** After each optimizer step. */
  readonly afterStep?: (index: number) => void
  readonly onBatch?: (epoch: number, batch: number, batches: number) => void
}

/** One pass over the shuffled windows; resolves to the mean loss per window. */
export async function runMinibatchEpoch(pass: MinibatchEpoch): Promise<number> {
  const { windows, batchSize } = pass
  const order = shuffled(
    Array.from({ length: windows }, (_, i) => i),
    pass.rng,
  )
  const batches = Math.ceil(windows / batchSize)
  let lossSum = 0
  for (let b = 0; b < batches; b++) {
    throwIfCancelled(pass.cancellation)
    pass.beforeStep?.(b)
    const rows = order.slice(b * batchSize, (b + 1) * batchSize)
    const batch = pass.batch(rows, b)
    const loss = pass.optimizer.minimize(() => batch.loss(), true, pass.variables)!
    const value = loss.dataSync()[0]!
    loss.dispose()
    batch.release()
    if (!Number.isFinite(value)) throw pass.nonFinite(value, b)
    lossSum += value * rows.length
    pass.afterStep?.(b)
    pass.onBatch?.(pass.epoch, b, batches)
    await pass.pacer?.maybePause()
  }
  return lossSum / windows
}

/** The weights of the best epoch so far, by a loss to minimize; the caller disposes it. */
export class BestWeights {
  /** -1 until an epoch is offered. */
  epoch = -1
  private loss = Number.POSITIVE_INFINITY
  private values: tf.Tensor[] = []

  /** `read` copies the model's weights (the caller's tensors are cloned here); `write` puts values back. */
  constructor(
    private readonly read: () => readonly tf.Tensor[],
    private readonly write: (values: readonly tf.Tensor[]) => void,
  ) {}

  /** Keeps the model's weights when `loss` is the lowest so far (the first offer always). */
  offer(epoch: number, loss: number): void {
    if (this.epoch >= 0 && !(loss < this.loss)) return
    this.dispose()
    this.epoch = epoch
    this.loss = loss
    this.values = this.read().map((v) => v.clone())
  }

  restore(): void {
    if (this.epoch >= 0) this.write(this.values)
  }

  dispose(): void {
    this.values.forEach((v) => v.dispose())
    this.values = []
  }
}
