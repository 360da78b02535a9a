/**
 * The calibration models: small networks of the shapes the studio's presets make (dense, 1-D and 2-D
 * convolutions, depthwise-separable blocks, pooling), sized to fit an Arduino Uno, with random weights
 * (seeded) quantized to int8 on random inputs as post-training quantization does. Their latency does not
 * depend on the weights' values, only on the shapes the cost model counts.
 */
import '@tensorflow/tfjs-backend-cpu'
import { calibrate } from '../../src/core/compress/ptq/calibrate'
import { quantizeGraph } from '../../src/core/compress/ptq/quantize-graph'
import { lowerModel, parseModelSpec, type ModelSpec } from '../../src/core/model'
import type { ModelGraph } from '../../src/core/model/graph'
import { createRng } from '../../src/core/train/random'
import { layerWeightsOf } from '../../src/core/train/tf-files'
import { buildTfModel } from '../../src/core/train/tf-model'

export interface CalibrationModel {
  readonly name: string
  readonly graph: ModelGraph
}

const relu = 'relu' as const
const softmax = 'softmax' as const

const SPECS: Record<string, unknown> = {
  'dense 42-32-16-5': {
    inputShape: [42],
    layers: [
      { id: 'd1', type: 'dense', units: 32, activation: relu },
      { id: 'd2', type: 'dense', units: 16, activation: relu },
      { id: 'out', type: 'dense', units: 5, activation: softmax },
    ],
  },
  'dense 96-64-4': {
    inputShape: [96],
    layers: [
      { id: 'd1', type: 'dense', units: 64, activation: relu },
      { id: 'out', type: 'dense', units: 4, activation: softmax },
    ],
  },
  'conv1d 32×3, 8 and 16 filters': {
    inputShape: [32, 3],
    layers: [
      { id: 'c1', type: 'conv1d', filters: 8, kernelSize: 3, activation: relu, padding: 'same' },
      { id: 'p1', type: 'maxPool1d', poolSize: 2 },
      { id: 'c2', type: 'conv1d', filters: 16, kernelSize: 3, activation: relu, padding: 'same' },
      { id: 'f', type: 'flatten' },
      { id: 'out', type: 'dense', units: 4, activation: softmax },
    ],
  },
  'conv1d 20×10 (audio-like)': {
    inputShape: [20, 10],
    layers: [
      { id: 'c1', type: 'conv1d', filters: 12, kernelSize: 3, activation: relu },
      { id: 'c2', type: 'conv1d', filters: 12, kernelSize: 3, activation: relu },
      { id: 'g', type: 'globalAvgPool1d' },
      { id: 'out', type: 'dense', units: 3, activation: softmax },
    ],
  },
  'conv2d 12×12×1': {
    inputShape: [12, 12, 1],
    layers: [
      { id: 'c1', type: 'conv2d', filters: 4, kernelSize: [3, 3], activation: relu, padding: 'same' },
      { id: 'p1', type: 'maxPool2d', poolSize: [2, 2] },
      { id: 'c2', type: 'conv2d', filters: 8, kernelSize: [3, 3], activation: relu, padding: 'same' },
      { id: 'p2', type: 'avgPool2d', poolSize: [2, 2] },
      { id: 'f', type: 'flatten' },
      { id: 'out', type: 'dense', units: 4, activation: softmax },
    ],
  },
  'depthwise-separable 10×10×4': {
    inputShape: [10, 10, 4],
    layers: [
      { id: 'dw1', type: 'depthwiseConv2d', kernelSize: [3, 3], activation: relu, padding: 'same' },
      { id: 'pw1', type: 'conv2d', filters: 8, kernelSize: [1, 1], activation: relu },
      {
        id: 'dw2',
        type: 'depthwiseConv2d',
        kernelSize: [3, 3],
        stride: [2, 2],
        activation: relu,
        padding: 'same',
      },
      { id: 'pw2', type: 'conv2d', filters: 8, kernelSize: [1, 1], activation: relu },
      { id: 'g', type: 'globalAvgPool2d' },
      { id: 'out', type: 'dense', units: 3, activation: softmax },
    ],
  },
  // A second shape of each window class, so that leaving one model out still leaves its class measured.
  'conv2d 14×14×2, 5×5 valid': {
    inputShape: [14, 14, 2],
    layers: [
      { id: 'c1', type: 'conv2d', filters: 6, kernelSize: [5, 5], activation: relu },
      { id: 'p1', type: 'maxPool2d', poolSize: [2, 2] },
      { id: 'c2', type: 'conv2d', filters: 8, kernelSize: [3, 3], activation: relu, padding: 'same' },
      { id: 'g', type: 'globalAvgPool2d' },
      { id: 'out', type: 'dense', units: 3, activation: softmax },
    ],
  },
  'depthwise-separable 8×8×8': {
    inputShape: [8, 8, 8],
    layers: [
      { id: 'dw1', type: 'depthwiseConv2d', kernelSize: [3, 3], activation: relu, padding: 'same' },
      { id: 'pw1', type: 'conv2d', filters: 12, kernelSize: [1, 1], activation: relu },
      {
        id: 'dw2',
        type: 'depthwiseConv2d',
        kernelSize: [3, 3],
        stride: [2, 2],
        activation: relu,
        padding: 'same',
      },
      { id: 'pw2', type: 'conv2d', filters: 16, kernelSize: [1, 1], activation: relu },
      { id: 'g', type: 'globalAvgPool2d' },
      { id: 'out', type: 'dense', units: 4, activation: softmax },
    ],
  },
}

function quantized(name: string, spec: ModelSpec, seed: number): CalibrationModel {
  const model = buildTfModel(spec, { seed })
  const float = lowerModel(spec, layerWeightsOf(model), name)
  model.dispose()
  const size = spec.inputShape.reduce((a, b) => a * b, 1)
  const rng = createRng(seed)
  const inputs = Array.from({ length: 8 }, () =>
    Float32Array.from({ length: size }, () => rng.next() * 2 - 1),
  )
  return { name, graph: quantizeGraph(float, calibrate(float, inputs)) }
}

export function calibrationModels(): CalibrationModel[] {
  return Object.entries(SPECS).map(([name, spec], i) => quantized(name, parseModelSpec(spec), 11 + i))
}
