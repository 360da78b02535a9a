/**
 * Knowledge distillation (Hinton, Vinyals & Dean, arXiv 1503.02531): a smaller student learns from the
 * trained teacher's softened class probabilities as well as from the labels. The loss per window is
 *   α · T² · KL(softmax(z_t / T) ‖ softmax(z_s / T)) + (1 − α) · CE(y, softmax(z_s)),
 * the T² keeping the soft term's gradients on the scale of the hard one. The teacher is the trained float
 * graph; the student is a TensorFlow.js layers model built from its spec (batch norm and dropout train as
 * usual), trained with Adam, the weights of the best validation loss kept, then lowered to a float graph
 * (batch norm folded) for the same int8 export as every other variant.
 *
 * The student's layers model ends in a softmax, so its logits are recovered as log p (softmax is invariant
 * to the per-row constant that this adds).
 */
import * as tf from '@tensorflow/tfjs-core'
import type * as tfl from '@tensorflow/tfjs-layers'
import { lowerModel, type ModelSpec } from '../../model'
import type { ModelGraph } from '../../model/graph'
import { BestWeights, batchOf, featuresOf, Pacer, runMinibatchEpoch } from '../../train/minibatch'
import { createRng, hashSeed } from '../../train/random'
import { layerWeightsOf } from '../../train/tf-files'
import { buildTfModel } from '../../train/tf-model'
import { predictProbabilities } from '../../train/tf-util'
import type { WindowSet } from '../../train/data-pipeline'
import { compressFailure } from '../errors'
import { checkSettings, type FineTuneOptions, type FineTuneSettings } from '../qat/fine-tune'
import { GraphModel } from '../qat/graph-model'

export interface DistillOptions extends FineTuneSettings {
  /** Softening temperature T ≥ 1 (default 4). */
  readonly temperature: number
  /** Weight α of the soft (teacher) term, [0, 1] (default 0.5). */
  readonly alpha: number
}

export interface DistillResult {
  readonly floatGraph: ModelGraph
  readonly spec: ModelSpec
  readonly bestEpoch: number
}

export function checkDistillOptions(o: DistillOptions): void {
  checkSettings(o)
  if (!(o.temperature >= 1 && o.temperature <= 100) || !(o.alpha >= 0 && o.alpha <= 1))
    throw compressFailure(
      'BadFineTuneOptions',
      `Distillation needs a temperature from 1 to 100 and α from 0 to 1 (got T = ${o.temperature}, α = ${o.alpha}).`,
    )
}

/** The teacher's probabilities for every window (row-major), from the float graph. */
export function teacherProbabilities(teacher: ModelGraph, set: WindowSet, batchSize = 256): Float32Array {
  const model = new GraphModel(teacher)
  try {
    const rows: Float32Array[] = []
    for (let start = 0; start < set.count; start += batchSize) {
      const ids = Array.from({ length: Math.min(batchSize, set.count - start) }, (_, i) => start + i)
      rows.push(
        tf.tidy(() => model.forward(featuresOf(set, ids), false).probabilities.dataSync() as Float32Array),
      )
    }
    const out = new Float32Array(rows.reduce((n, r) => n + r.length, 0))
    let at = 0
    for (const r of rows) {
      out.set(r, at)
      at += r.length
    }
    return out
  } finally {
    model.dispose()
  }
}

function distillLoss(
  student: tfl.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  soft: tf.Tensor,
  o: DistillOptions,
): tf.Scalar {
  const p = student.apply(x, { training: true }) as tf.Tensor
  const logP = tf.log(tf.clipByValue(p, 1e-7, 1))
  const hard = tf.mean(tf.neg(tf.sum(tf.mul(y, logP), -1)))
  const studentSoft = tf.logSoftmax(tf.div(logP, o.temperature))
  const kl = tf.mean(tf.sum(tf.mul(soft, tf.sub(tf.log(tf.clipByValue(soft, 1e-12, 1)), studentSoft)), -1))
  return tf.add(tf.mul(kl, o.alpha * o.temperature ** 2), tf.mul(hard, 1 - o.alpha)) as tf.Scalar
}

function softTargets(probabilities: Float32Array, classes: number, temperature: number): Float32Array {
  return tf.tidy(() => {
    const logits = tf.log(
      tf.clipByValue(tf.tensor2d(probabilities, [probabilities.length / classes, classes]), 1e-12, 1),
    )
    return tf.softmax(tf.div(logits, temperature)).dataSync() as Float32Array
  })
}

function hardLoss(student: tfl.LayersModel, set: WindowSet): number {
  if (set.count === 0) return 0
  const p = predictProbabilities(student, set)
  const classes = p.length / set.count
  let loss = 0
  for (let i = 0; i < set.count; i++) loss -= Math.log(Math.max(1e-7, p[i * classes + set.labels[i]!]!))
  return loss / set.count
}

/** Trains `spec` as a student of `teacher` and lowers it to a float graph. */
export async function distill(
  teacher: ModelGraph,
  spec: ModelSpec,
  train: WindowSet,
  validation: WindowSet,
  classes: number,
  options: DistillOptions,
  run: FineTuneOptions = {},
): Promise<DistillResult> {
  checkDistillOptions(options)
  const soft = softTargets(teacherProbabilities(teacher, train), classes, options.temperature)
  const student = buildTfModel(spec, { seed: options.seed })
  const optimizer = tf.train.adam(options.learningRate)
  const rng = createRng(hashSeed(options.seed, 11))
  const pacer = new Pacer(run.pause)
  const variables = student.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val)
  const best = new BestWeights(
    () => student.getWeights(),
    (values) => student.setWeights([...values]),
  )
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      await runMinibatchEpoch({
        optimizer,
        variables,
        windows: train.count,
        batchSize: options.batchSize,
        rng,
        epoch,
        batch: (rows) => {
          const { x, y } = batchOf(train, rows, classes)
          const s = tf.tensor2d(
            Float32Array.from(rows.flatMap((r) => [...soft.subarray(r * classes, (r + 1) * classes)])),
            [rows.length, classes],
          )
          return { loss: () => distillLoss(student, x, y, s, options), release: () => tf.dispose([x, y, s]) }
        },
        nonFinite: (value) =>
          compressFailure('NonFiniteLoss', `The distillation loss became ${value}. Lower the learning rate.`),
        pacer,
        ...(run.cancellation ? { cancellation: run.cancellation } : {}),
        ...(run.onBatch ? { onBatch: run.onBatch } : {}),
      })
      const valLoss = hardLoss(student, validation.count > 0 ? validation : train)
      run.onEpoch?.({ epoch: epoch + 1, loss: valLoss, valLoss, valAccuracy: Number.NaN })
      best.offer(epoch + 1, valLoss)
    }
    best.restore()
    const floatGraph = lowerModel(
      spec,
      layerWeightsOf(student),
      `distilled student of: ${teacher.description ?? 'model'}`,
    )
    return { floatGraph, spec, bestEpoch: best.epoch >= 0 ? best.epoch : options.epochs }
  } finally {
    best.dispose()
    optimizer.dispose()
    student.dispose()
  }
}
