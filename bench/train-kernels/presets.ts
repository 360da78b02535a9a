import * as tfl from '@tensorflow/tfjs-layers'
import {
  type Dataset,
  featureVectors,
  keywordFeatures,
  motionWindows,
  shapeImages,
  wakeImages,
} from './synthetic-data'

/**
 * The benchmark's stand-ins for the studio's model presets, built with tf.layers directly (the real presets
 * live in src/core/model, written separately). Every initializer is seeded, so a preset built twice starts
 * from the same weights on any backend. Batch-norm momentum is 0.5 instead of Keras's 0.99 because the
 * benchmark trains for only a handful of steps and evaluates with the moving statistics.
 */
export interface Preset {
  readonly name: string
  readonly description: string
  /** Whether this preset counts toward the ≥ 10× goal (the convolutional ones). */
  readonly conv: boolean
  readonly data: (count: number, seed: number) => Dataset
  readonly build: () => tfl.Sequential
  /** Training examples, test examples and epochs of the default (short) run. */
  readonly trainCount: number
  readonly testCount: number
  readonly epochs: number
}

type Initializer = ReturnType<typeof tfl.initializers.glorotUniform>

function seeded(): () => { kernelInitializer: Initializer } {
  let seed = 1
  return () => ({ kernelInitializer: tfl.initializers.glorotUniform({ seed: seed++ }) })
}

const bnMomentum = 0.5

function dsBlock(
  init: ReturnType<typeof seeded>,
  filters: number,
  strides: number,
  relu: () => tfl.layers.Layer,
) {
  return [
    tfl.layers.depthwiseConv2d({
      kernelSize: 3,
      strides,
      padding: 'same',
      useBias: false,
      depthwiseInitializer: init().kernelInitializer,
    }),
    tfl.layers.batchNormalization({ momentum: bnMomentum }),
    relu(),
    tfl.layers.conv2d({ filters, kernelSize: 1, useBias: false, ...init() }),
    tfl.layers.batchNormalization({ momentum: bnMomentum }),
    relu(),
  ]
}

function cnn1d(): tfl.Sequential {
  const init = seeded()
  return tfl.sequential({
    layers: [
      tfl.layers.conv1d({ inputShape: [125, 3], filters: 16, kernelSize: 5, activation: 'relu', ...init() }),
      tfl.layers.maxPooling1d({ poolSize: 2 }),
      tfl.layers.conv1d({ filters: 32, kernelSize: 5, activation: 'relu', ...init() }),
      tfl.layers.maxPooling1d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 5, activation: 'softmax', ...init() }),
    ],
  })
}

function cnn2d(): tfl.Sequential {
  const init = seeded()
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [32, 32, 1],
        filters: 8,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        ...init(),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', ...init() }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 4, activation: 'softmax', ...init() }),
    ],
  })
}

/** MLPerf Tiny's DS-CNN (keyword spotting) without its dropout, 6 classes for the synthetic task. */
function dsCnn(): tfl.Sequential {
  const init = seeded()
  const relu = (): tfl.layers.Layer => tfl.layers.reLU()
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [49, 10, 1],
        filters: 64,
        kernelSize: [10, 4],
        strides: 2,
        padding: 'same',
        useBias: false,
        ...init(),
      }),
      tfl.layers.batchNormalization({ momentum: bnMomentum }),
      relu(),
      ...[0, 1, 2, 3].flatMap(() => dsBlock(init, 64, 1, relu)),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: 6, activation: 'softmax', ...init() }),
    ],
  })
}

/** MobileNet v1 style, width multiplier 0.25, ReLU6, 48 × 48 grey input, first six blocks. */
function mobileNet(): tfl.Sequential {
  const init = seeded()
  const relu6 = (): tfl.layers.Layer => tfl.layers.reLU({ maxValue: 6 })
  const blocks: [number, number][] = [
    [16, 1],
    [32, 2],
    [32, 1],
    [64, 2],
    [64, 1],
  ]
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [48, 48, 1],
        filters: 8,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        useBias: false,
        ...init(),
      }),
      tfl.layers.batchNormalization({ momentum: bnMomentum }),
      relu6(),
      ...blocks.flatMap(([filters, strides]) => dsBlock(init, filters, strides, relu6)),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: 2, activation: 'softmax', ...init() }),
    ],
  })
}

function mlp(): tfl.Sequential {
  const init = seeded()
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [33], units: 20, activation: 'relu', ...init() }),
      tfl.layers.dense({ units: 10, activation: 'relu', ...init() }),
      tfl.layers.dense({ units: 5, activation: 'softmax', ...init() }),
    ],
  })
}

export const presets: readonly Preset[] = [
  {
    name: 'cnn1d',
    description: '1-D CNN, motion 125×3',
    conv: true,
    data: motionWindows,
    build: cnn1d,
    trainCount: 256,
    testCount: 256,
    epochs: 4,
  },
  {
    name: 'cnn2d',
    description: '2-D CNN, 32×32×1',
    conv: true,
    data: shapeImages,
    build: cnn2d,
    trainCount: 192,
    testCount: 256,
    epochs: 2,
  },
  {
    name: 'ds-cnn',
    description: 'DS-CNN (MLPerf KWS), 49×10 MFCC',
    conv: true,
    data: keywordFeatures,
    build: dsCnn,
    trainCount: 64,
    testCount: 256,
    epochs: 3,
  },
  {
    name: 'mobilenet',
    description: 'MobileNet-style DS, α 0.25, 48×48',
    conv: true,
    data: wakeImages,
    build: mobileNet,
    trainCount: 96,
    testCount: 256,
    epochs: 3,
  },
  {
    name: 'mlp',
    description: 'dense MLP, 33 features',
    conv: false,
    data: featureVectors,
    build: mlp,
    trainCount: 1024,
    testCount: 512,
    epochs: 5,
  },
]
