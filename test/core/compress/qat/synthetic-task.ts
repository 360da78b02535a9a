/**
 * A small learnable task for the fine-tuning techniques, built without tfjs-layers: three classes of
 * 2-channel signals of 16 steps (a sine at a class frequency on one channel, its class-dependent phase on
 * the other, plus noise), and a 1-D CNN graph in the IR with seeded random weights: conv 3 (8, relu) →
 * max pool 2 → conv 3 (8, relu) → flatten → dense 3 → softmax. `trainedTask()` fits it with the graph
 * trainer so that every technique starts from a model that works.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { ModelGraph, Op, Tensor } from '../../../../src/core/model/graph'
import { fineTune } from '../../../../src/core/compress/qat/fine-tune'
import type { TrainWindows } from '../../../../src/core/train/minibatch'
import { GraphModel } from '../../../../src/core/compress/qat/graph-model'
import type { MethodInputs } from '../../../../src/core/compress/variants/run-method'
import { DEFAULT_TRAIN_SETTINGS } from '../../../../src/core/train/settings'
import { selectTrainingBackend } from '../../../../src/core/train/backend-choice'
import { createRng } from '../../../../src/core/train/random'

export const LABELS = ['slow', 'medium', 'fast']
const STEPS = 16

export function synthWindows(
  count: number,
  seed: number,
): TrainWindows & { refs: { sampleId: string; window: number; copy: number }[] } {
  const rng = createRng(seed)
  const features = new Float32Array(count * STEPS * 2)
  const labels = new Int32Array(count)
  for (let i = 0; i < count; i++) {
    const c = i % 3
    labels[i] = c
    const phase = rng.uniform(0, Math.PI * 2)
    const f = [0.08, 0.18, 0.3][c]!
    for (let t = 0; t < STEPS; t++) {
      features[(i * STEPS + t) * 2] = Math.sin(2 * Math.PI * f * t + phase) + 0.3 * rng.normal()
      features[(i * STEPS + t) * 2 + 1] = Math.cos(2 * Math.PI * f * t + phase) * (c - 1) + 0.3 * rng.normal()
    }
  }
  const refs = Array.from({ length: count }, (_, i) => ({ sampleId: `s${i}`, window: 0, copy: 0 }))
  return { count, featureShape: [1, STEPS, 2], featureSize: STEPS * 2, features, labels, refs }
}

export function cnnGraph(seed = 3): ModelGraph {
  const rng = createRng(seed)
  const tensors: Tensor[] = []
  const act = (name: string, shape: number[]) => tensors.push({ name, shape, dtype: 'float32' }) - 1
  const weights = (name: string, shape: number[], fanIn: number) => {
    const n = shape.reduce((a, b) => a * b, 1)
    const limit = Math.sqrt(6 / fanIn)
    return (
      tensors.push({
        name,
        shape,
        dtype: 'float32',
        data: Float32Array.from({ length: n }, () => rng.uniform(-limit, limit)),
      }) - 1
    )
  }
  const zeros = (name: string, n: number) =>
    tensors.push({ name, shape: [n], dtype: 'float32', data: new Float32Array(n) }) - 1
  const input = act('input', [1, 1, STEPS, 2])
  const c1w = weights('conv1/filter', [8, 1, 3, 2], 6)
  const c1b = zeros('conv1/bias', 8)
  const c1 = act('conv1', [1, 1, STEPS, 8])
  const pool = act('pool1', [1, 1, 8, 8])
  const c2w = weights('conv2/filter', [8, 1, 3, 8], 24)
  const c2b = zeros('conv2/bias', 8)
  const c2 = act('conv2', [1, 1, 8, 8])
  const shape =
    tensors.push({ name: 'flatten/shape', shape: [2], dtype: 'int32', data: Int32Array.of(1, 64) }) - 1
  const flat = act('flatten', [1, 64])
  const dw = weights('output/weights', [3, 64], 64)
  const db = zeros('output/bias', 3)
  const logits = act('output', [1, 3])
  const probs = act('output/softmax', [1, 3])
  const conv = {
    strideH: 1,
    strideW: 1,
    dilationH: 1,
    dilationW: 1,
    padding: 'same',
    activation: 'relu',
  } as const
  const ops: Op[] = [
    { kind: 'conv2d', inputs: [input, c1w, c1b], outputs: [c1], ...conv },
    {
      kind: 'maxPool2d',
      inputs: [c1],
      outputs: [pool],
      filterH: 1,
      filterW: 2,
      strideH: 1,
      strideW: 2,
      padding: 'same',
      activation: 'none',
    },
    { kind: 'conv2d', inputs: [pool, c2w, c2b], outputs: [c2], ...conv },
    { kind: 'reshape', inputs: [c2, shape], outputs: [flat] },
    { kind: 'fullyConnected', inputs: [flat, dw, db], outputs: [logits], activation: 'none' },
    { kind: 'softmax', inputs: [logits], outputs: [probs], beta: 1 },
  ]
  return { tensors, ops, inputs: [input], outputs: [probs], description: 'synthetic 1-D CNN' }
}

export const train = synthWindows(240, 1)
export const validation = synthWindows(60, 2)
export const test = synthWindows(150, 3)
export const SETTINGS = { epochs: 20, batchSize: 16, learningRate: 0.01, seed: 5 }

let trained: ModelGraph | undefined

/** The CNN fitted on the synthetic task (cached for the file). */
export async function trainedTask(): Promise<ModelGraph> {
  if (trained) return trained
  await selectTrainingBackend('auto')
  const model = new GraphModel(cnnGraph())
  try {
    await fineTune(model, train, validation, 3, SETTINGS)
    trained = model.toGraph('trained synthetic CNN')
    return trained
  } finally {
    model.dispose()
  }
}

/** What the compress step gets to make a variant of `floatGraph` on this task (run-method.ts). */
export function methodInputs(floatGraph: ModelGraph): MethodInputs {
  return {
    floatGraph,
    spec: { inputShape: [16, 2], layers: [] },
    data: {
      train: train as never,
      validation: validation as never,
      test: test as never,
      labels: LABELS,
      maxAbsFeature: 3,
    },
    labels: LABELS,
    training: { ...DEFAULT_TRAIN_SETTINGS, batchSize: 16, learningRate: 0.01 },
  }
}

export function batchTensor(set: TrainWindows): tf.Tensor {
  return tf.tensor(set.features, [set.count, ...set.featureShape])
}
