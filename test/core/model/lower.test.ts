import * as tf from '@tensorflow/tfjs-core'
import { ModelErrorCode } from '../../../src/shared/api/design'
import { beforeAll, describe, expect, it } from 'vitest'
import { runFloat32 } from '../../../src/core/compress/reference/interpreter'
import {
  convToTflite,
  denseToTflite,
  lowerModel,
  planModelGraph,
  type ModelSpec,
} from '../../../src/core/model'
import { selectTrainingBackend } from '../../../src/core/train/backend-choice'
import { createRng } from '../../../src/core/train/random'
import { buildTfModel } from '../../../src/core/train/tf-model'
import { layerWeightsOf } from '../../../src/core/train/tf-files'

beforeAll(async () => {
  await selectTrainingBackend('cpu')
})

/** Random weights everywhere, and batch-norm statistics far from the identity, so folding is exercised. */
function randomizeWeights(model: ReturnType<typeof buildTfModel>, seed: number): void {
  const rng = createRng(seed)
  model.setWeights(
    model.weights.map((w) => {
      const n = w.shape.reduce<number>((a, b) => a * (b ?? 1), 1)
      const name = w.originalName
      const values = Float32Array.from({ length: n }, () =>
        name.endsWith('moving_variance')
          ? rng.uniform(0.2, 3)
          : name.endsWith('gamma')
            ? rng.uniform(0.5, 2)
            : rng.uniform(-0.8, 0.8),
      )
      return tf.tensor(values, w.shape as number[])
    }),
  )
}

/** tfjs inference and the lowered graph on the float reference interpreter, on the same random inputs. */
function compare(spec: ModelSpec, seed: number) {
  const model = buildTfModel(spec, { seed })
  randomizeWeights(model, seed)
  const graph = lowerModel(spec, layerWeightsOf(model))
  const rng = createRng(seed + 1)
  let worst = 0
  for (let trial = 0; trial < 4; trial++) {
    const size = spec.inputShape.reduce((a, b) => a * b, 1)
    const x = Float32Array.from({ length: size }, () => rng.uniform(-2, 2))
    const expected = tf.tidy(() =>
      (model.predict(tf.tensor(x, [1, ...spec.inputShape])) as tf.Tensor).dataSync(),
    )
    const actual = runFloat32(graph, x)[0]!
    expect(actual.length).toBe(expected.length)
    actual.forEach(
      (v, i) => (worst = Math.max(worst, Math.abs(v - expected[i]!) / (1e-3 + Math.abs(expected[i]!)))),
    )
  }
  model.dispose()
  return { graph, worst }
}

const kinds = (spec: ModelSpec) =>
  planModelGraph(spec).ops.map((o) =>
    'activation' in o && o.activation !== 'none' ? `${o.kind}+${o.activation}` : o.kind,
  )

describe('lowering a trained TF.js model to a float ModelGraph', () => {
  it('reorders dense and conv kernels from Keras to TFLite layouts', () => {
    // Keras dense [in 2, units 3] → TFLite [3, 2]
    expect([...denseToTflite(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, 3)]).toEqual([1, 4, 2, 5, 3, 6])
    // Keras conv [kh 1, kw 2, inC 2, filters 2]: k[x][c][f] = 10x + 2c + f → TFLite [f][0][x][c]
    const keras = Float32Array.from({ length: 8 }, (_, i) => i) // index (x·2 + c)·2 + f
    expect([...convToTflite(keras, 1, 2, 2, 2)]).toEqual([0, 2, 4, 6, 1, 3, 5, 7])
  })

  it('folds batch norm into conv1d, fuses relu, drops dropout, and matches tfjs on a 1-D CNN', () => {
    const spec: ModelSpec = {
      inputShape: [20, 3],
      layers: [
        { id: 'conv1', type: 'conv1d', filters: 4, kernelSize: 3, padding: 'same', activation: 'linear' },
        { id: 'bn1', type: 'batchNorm' },
        { id: 'relu1', type: 'activation', activation: 'relu' },
        { id: 'pool1', type: 'maxPool1d', poolSize: 2 },
        { id: 'drop', type: 'dropout', rate: 0.5 },
        { id: 'conv2', type: 'conv1d', filters: 5, kernelSize: 3, stride: 2, activation: 'relu6' },
        { id: 'gap', type: 'globalAvgPool1d' },
        { id: 'out', type: 'dense', units: 3, activation: 'softmax' },
      ],
    }
    expect(kinds(spec)).toEqual([
      'conv2d+relu',
      'maxPool2d',
      'conv2d+relu6',
      'averagePool2d',
      'reshape',
      'fullyConnected',
      'softmax',
    ])
    const { graph, worst } = compare(spec, 7)
    expect(worst).toBeLessThan(1e-4)
    expect(graph.tensors[graph.inputs[0]!]!.shape).toEqual([1, 1, 20, 3])
    expect(graph.tensors[graph.outputs[0]!]!.shape).toEqual([1, 3])
  })

  it('handles depthwise, residual add, a standalone batch norm and a folded dense batch norm on a 2-D net', () => {
    const spec: ModelSpec = {
      inputShape: [8, 6],
      layers: [
        { id: 'reshape', type: 'reshape', targetShape: [8, 6, 1] },
        {
          id: 'stem',
          type: 'conv2d',
          filters: 4,
          kernelSize: [3, 3],
          stride: [2, 2],
          padding: 'same',
          activation: 'linear',
        },
        { id: 'stem_bn', type: 'batchNorm' },
        { id: 'stem_act', type: 'activation', activation: 'relu6' },
        {
          id: 'dw',
          type: 'depthwiseConv2d',
          kernelSize: [3, 3],
          depthMultiplier: 2,
          padding: 'same',
          activation: 'linear',
          useBias: false,
        },
        { id: 'dw_bn', type: 'batchNorm', epsilon: 0.01 },
        { id: 'dw_act', type: 'activation', activation: 'relu' },
        { id: 'pw', type: 'conv2d', filters: 8, kernelSize: [1, 1], activation: 'linear' },
        { id: 'res', type: 'add', other: 'dw_act', activation: 'relu' },
        { id: 'post_bn', type: 'batchNorm' },
        { id: 'pool', type: 'avgPool2d', poolSize: [2, 1] },
        { id: 'flat', type: 'flatten' },
        { id: 'fc', type: 'dense', units: 6, activation: 'linear', useBias: false },
        { id: 'fc_bn', type: 'batchNorm' },
        { id: 'fc_act', type: 'activation', activation: 'relu' },
        { id: 'out', type: 'dense', units: 4, activation: 'softmax' },
      ],
    }
    // the post-add batch norm has no layer to fold into: a 1×1 depthwise conv (per-channel scale and shift)
    expect(kinds(spec)).toEqual([
      'reshape',
      'conv2d+relu6',
      'depthwiseConv2d+relu',
      'conv2d',
      'add+relu',
      'depthwiseConv2d',
      'averagePool2d',
      'reshape',
      'fullyConnected+relu',
      'fullyConnected',
      'softmax',
    ])
    const { worst } = compare(spec, 11)
    expect(worst).toBeLessThan(1e-4)
  })

  it('keeps a relu standalone when another layer also reads its input', () => {
    const spec: ModelSpec = {
      inputShape: [4, 4, 2],
      layers: [
        { id: 'conv', type: 'conv2d', filters: 2, kernelSize: [1, 1], activation: 'linear' },
        { id: 'act', type: 'activation', activation: 'relu' },
        { id: 'sum', type: 'add', other: 'conv' },
        { id: 'flat', type: 'flatten' },
        { id: 'out', type: 'dense', units: 2, activation: 'softmax' },
      ],
    }
    expect(kinds(spec)).toEqual(['conv2d', 'relu', 'add', 'reshape', 'fullyConnected', 'softmax'])
    expect(compare(spec, 3).worst).toBeLessThan(1e-4)
  })

  it('refuses a batch norm on a flat tensor that follows a nonlinearity, naming the layer and the fix', () => {
    const spec: ModelSpec = {
      inputShape: [10],
      layers: [
        { id: 'fc', type: 'dense', units: 8, activation: 'relu' },
        { id: 'bn', type: 'batchNorm' },
        { id: 'out', type: 'dense', units: 2, activation: 'softmax' },
      ],
    }
    expect(() => planModelGraph(spec)).toThrow(
      expect.objectContaining({
        code: ModelErrorCode.NotDeployable,
        message: expect.stringMatching(/Layer "bn".*linear activation/),
      }),
    )
  })

  it('says which weights are missing or of the wrong size', () => {
    const spec: ModelSpec = {
      inputShape: [3],
      layers: [{ id: 'out', type: 'dense', units: 2, activation: 'softmax' }],
    }
    expect(() => lowerModel(spec, {})).toThrow(/no "kernel" for layer "out"/)
    expect(() =>
      lowerModel(spec, { out: { kernel: new Float32Array(5), bias: new Float32Array(2) } }),
    ).toThrow(/has 5 values where the design needs 6/)
  })
})
