import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  fakeQuantActivation,
  fakeQuantWeights,
  RangeTracker,
} from '../../../../src/core/compress/qat/fake-quant'
import { GraphModel } from '../../../../src/core/compress/qat/graph-model'
import { ClusteredWeight, MaskedWeight } from '../../../../src/core/compress/qat/weight-provider'
import { createInterpreter } from '../../../../src/core/compress/reference/interpreter'
import { selectTrainingBackend } from '../../../../src/core/train/backend-choice'
import { fixtureInputs, smallFloatGraph } from '../ptq/float-graph-fixture'

beforeAll(async () => {
  await selectTrainingBackend('auto')
})

describe('a float graph as a TensorFlow.js function', () => {
  it('computes what the float32 reference interpreter computes, for every op kind lowering emits', () => {
    const graph = smallFloatGraph()
    const model = new GraphModel(graph)
    const inputs = fixtureInputs(6)
    const batch = tf.tensor(Float32Array.from(inputs.flatMap((x) => [...x])), [6, 8, 8, 2])
    const probabilities = model.forward(batch, false).probabilities.dataSync()
    const reference = createInterpreter(graph)
    inputs.forEach((x, i) => {
      const expected = reference.run([x])[0] as Float32Array
      expected.forEach((p, k) => expect(Math.abs(probabilities[i * 4 + k]! - p)).toBeLessThan(1e-5))
    })
    model.dispose()
  })

  it('exports the weights it holds, so an untouched model gives back the same graph', () => {
    const graph = smallFloatGraph()
    const model = new GraphModel(graph)
    expect(model.toGraph(graph.description)).toEqual(graph)
    model.dispose()
  })
})

describe('fake quantization with straight-through gradients', () => {
  const params = { scale: 0.1, zeroPoint: -28 } // representable range [−10, 15.5]

  it('rounds activations onto the int8 grid and clips outside it', () => {
    const x = tf.tensor1d([0.04, 0.06, -0.26, 100, -100, 3.33])
    const y = [...fakeQuantActivation(x, params).dataSync()]
    const expected = [0, 0.1, -0.3, 15.5, -10, 3.3]
    y.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5))
  })

  it('passes the gradient inside the range and stops it where values were clipped', () => {
    const x = tf.tensor1d([1, 20, -20, 0])
    const grad = tf.grad((t: tf.Tensor) =>
      tf.sum(tf.mul(fakeQuantActivation(t, params), tf.tensor1d([1, 2, 3, 4]))),
    )(x)
    expect([...grad.dataSync()]).toEqual([1, 0, 0, 4])
  })

  it('quantizes weights symmetrically per channel: each channel’s largest |w| is exactly ±127 steps', () => {
    const w = tf.tensor2d([
      [0.5, -1, 0.26],
      [2, 0.01, -0.5],
    ])
    const q = fakeQuantWeights(w, 0).arraySync() as number[][]
    expect(q[0]![1]).toBeCloseTo(-1, 6)
    expect(q[0]![2]).toBeCloseTo((Math.round((0.26 * 127) / 1) * 1) / 127, 6)
    expect(q[1]![1]).toBeCloseTo(Math.round((0.01 * 127) / 2) * (2 / 127), 6)
    const grad = tf.grad((t: tf.Tensor) => tf.sum(fakeQuantWeights(t, 0)))(w)
    expect([...grad.dataSync()]).toEqual([1, 1, 1, 1, 1, 1])
  })

  it('moves tracked ranges towards observed ones by the moving average', () => {
    const tracker = new RangeTracker(new Map([[3, { min: 0, max: 10 }]]), 0.9)
    tracker.observe(3, -1, 20)
    expect(tracker.snapshot().get(3)!.min).toBeCloseTo(-0.1, 10)
    expect(tracker.snapshot().get(3)!.max).toBeCloseTo(11, 10)
    expect(tracker.params(3)!.scale).toBeCloseTo(11.1 / 255, 6)
  })
})

describe('weight providers', () => {
  it('gives a shared centroid the sum of the gradients of the weights that use it, and none to a frozen one', () => {
    const clustered = new ClusteredWeight(
      [2, 2],
      Float32Array.of(-1, 0, 2),
      Uint8Array.of(0, 2, 2, 1),
      new Set([1]),
    )
    const upstream = tf.tensor2d([
      [1, 2],
      [3, 4],
    ])
    const grads = tf.variableGrads(
      () => tf.sum(tf.mul(clustered.value(), upstream)) as tf.Scalar,
      [clustered.centroids],
    )
    expect([...grads.grads[clustered.centroids.name]!.dataSync()]).toEqual([1, 0, 5])
    expect([...clustered.values()]).toEqual([-1, 2, 2, 0])
  })

  it('masks pruned weights in the forward pass and keeps them at zero in the export', () => {
    const masked = new MaskedWeight([4], Float32Array.of(1, -2, 3, -4), Uint8Array.of(1, 0, 1, 0))
    expect([...masked.value().dataSync()].map((v) => v + 0)).toEqual([1, 0, 3, 0])
    expect([...masked.values()]).toEqual([1, 0, 3, 0])
    const grads = tf.variableGrads(() => tf.sum(masked.value()) as tf.Scalar, [masked.variable])
    expect([...grads.grads[masked.variable.name]!.dataSync()]).toEqual([1, 0, 1, 0])
  })
})
