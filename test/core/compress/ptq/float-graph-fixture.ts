/**
 * A small float graph with every op kind that lowering emits: conv 3×3 (relu) → depthwise 3×3 (relu6) →
 * max pool → conv 1×1 → add (residual, relu) → average pool → reshape → dense (relu) → dense → softmax.
 * Weights are seeded random; input [1, 8, 8, 2].
 */
import type { ModelGraph, Op, Tensor } from '../../../../src/core/model/graph'
import { randomFloats, rng } from '../reference/graph-fixtures'

export function smallFloatGraph(seed = 7): ModelGraph {
  const random = rng(seed)
  const tensors: Tensor[] = []
  const act = (name: string, shape: number[]) => tensors.push({ name, shape, dtype: 'float32' }) - 1
  const weights = (name: string, shape: number[], amplitude: number) =>
    tensors.push({
      name,
      shape,
      dtype: 'float32',
      data: randomFloats(
        random,
        shape.reduce((a, b) => a * b, 1),
        amplitude,
      ),
    }) - 1
  const input = act('input', [1, 8, 8, 2])
  const c1w = weights('conv1/filter', [6, 3, 3, 2], 0.4)
  const c1b = weights('conv1/bias', [6], 0.1)
  const c1 = act('conv1', [1, 8, 8, 6])
  const dww = weights('dw/filter', [1, 3, 3, 6], 0.5)
  const dwb = weights('dw/bias', [6], 0.1)
  const dw = act('dw', [1, 8, 8, 6])
  const pool = act('pool', [1, 4, 4, 6])
  const c2w = weights('conv2/filter', [6, 1, 1, 6], 0.5)
  const c2b = weights('conv2/bias', [6], 0.1)
  const c2 = act('conv2', [1, 4, 4, 6])
  const add = act('add', [1, 4, 4, 6])
  const avg = act('avg', [1, 2, 2, 6])
  const shape =
    tensors.push({ name: 'flat/shape', shape: [2], dtype: 'int32', data: Int32Array.from([1, 24]) }) - 1
  const flat = act('flat', [1, 24])
  const d1w = weights('dense1/weights', [10, 24], 0.4)
  const d1b = weights('dense1/bias', [10], 0.1)
  const d1 = act('dense1', [1, 10])
  const d2w = weights('dense2/weights', [4, 10], 0.6)
  const d2b = weights('dense2/bias', [4], 0.1)
  const logits = act('logits', [1, 4])
  const probs = act('probs', [1, 4])
  const conv = { strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, padding: 'same' } as const
  const ops: Op[] = [
    { kind: 'conv2d', inputs: [input, c1w, c1b], outputs: [c1], ...conv, activation: 'relu' },
    {
      kind: 'depthwiseConv2d',
      inputs: [c1, dww, dwb],
      outputs: [dw],
      ...conv,
      depthMultiplier: 1,
      activation: 'relu6',
    },
    {
      kind: 'maxPool2d',
      inputs: [dw],
      outputs: [pool],
      filterH: 2,
      filterW: 2,
      strideH: 2,
      strideW: 2,
      padding: 'valid',
      activation: 'none',
    },
    { kind: 'conv2d', inputs: [pool, c2w, c2b], outputs: [c2], ...conv, activation: 'none' },
    { kind: 'add', inputs: [pool, c2], outputs: [add], activation: 'relu' },
    {
      kind: 'averagePool2d',
      inputs: [add],
      outputs: [avg],
      filterH: 2,
      filterW: 2,
      strideH: 2,
      strideW: 2,
      padding: 'valid',
      activation: 'none',
    },
    { kind: 'reshape', inputs: [avg, shape], outputs: [flat] },
    { kind: 'fullyConnected', inputs: [flat, d1w, d1b], outputs: [d1], activation: 'relu' },
    { kind: 'fullyConnected', inputs: [d1, d2w, d2b], outputs: [logits], activation: 'none' },
    { kind: 'softmax', inputs: [logits], outputs: [probs], beta: 1 },
  ]
  return { tensors, ops, inputs: [input], outputs: [probs], description: 'test fixture' }
}

/** `count` random inputs for the fixture, uniform in [−2, 2). */
export function fixtureInputs(count: number, seed = 11): Float32Array[] {
  const random = rng(seed)
  return Array.from({ length: count }, () => randomFloats(random, 128, 2))
}
