import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import type { LayerActivation, LayerSpec, ModelSpec } from '../model'
import { analyzeModel, MODEL_INPUT_ID } from '../model'
import { hashSeed } from './random'

/**
 * Dropout whose masks come from a seeded stream: call k of a layer uses seed hash(seed, k). tfjs's own
 * Dropout either takes a fixed seed (then every batch drops the same units) or uses Math.random (then runs
 * are not reproducible). Only the training model uses it; the saved model has tfjs's standard Dropout, so
 * the files load anywhere TensorFlow.js (or Keras) loads a layers model.
 */
export class SeededDropout extends tfl.layers.Layer {
  static readonly className = 'MoteSeededDropout'
  private calls = 0
  private readonly rate: number
  private readonly seed: number

  constructor(args: { rate: number; seed: number; name: string }) {
    super({ name: args.name })
    this.rate = args.rate
    this.seed = args.seed
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs
    if (kwargs['training'] !== true || this.rate <= 0) return x
    const seed = hashSeed(this.seed, this.calls++)
    return tf.tidy(() => {
      const keep = tf.cast(
        tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), this.rate),
        'float32',
      )
      return tf.div(tf.mul(x, keep), 1 - this.rate)
    })
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed }
  }
}
tf.serialization.registerClass(SeededDropout)

type Activation = 'linear' | 'relu' | 'relu6' | 'softmax'
const act = (a: LayerActivation | undefined): Activation => a ?? 'linear'

interface BuildOptions {
  /** Seeds the initializers and the dropout masks. */
  readonly seed: number
  /** Standard tfjs Dropout (for saving) instead of the seeded one (for training). */
  readonly forExport?: boolean
  /** Batch-norm momentum of the moving statistics (Keras: 0.99; we use 0.9, as our runs are short). */
  readonly batchNormMomentum?: number
}

/**
 * A TensorFlow.js layers model for a spec: layer names are the spec ids (the lowering reads weights by id),
 * every initializer is seeded from `seed` and the layer's index, biases start at zero. An add with an
 * activation becomes tfjs's Add followed by an Activation layer named `<id>_activation`.
 */
export function buildTfModel(spec: ModelSpec, options: BuildOptions): tfl.LayersModel {
  const report = analyzeModel(spec)
  const input = tfl.input({ shape: [...spec.inputShape], name: MODEL_INPUT_ID })
  const outputs: tfl.SymbolicTensor[] = []
  const at = (i: number) => (i < 0 ? input : outputs[i]!)
  spec.layers.forEach((layer, i) => {
    const wiring = report.wiring[i]!
    const seed = hashSeed(options.seed, i + 1)
    if (layer.type === 'add') {
      let out = tfl.layers
        .add({ name: layer.id })
        .apply([at(wiring.input), at(wiring.other!)]) as tfl.SymbolicTensor
      if (layer.activation && layer.activation !== 'linear')
        out = tfl.layers
          .activation({ activation: layer.activation, name: `${layer.id}_activation` })
          .apply(out) as tfl.SymbolicTensor
      outputs.push(out)
      return
    }
    outputs.push(tfLayer(layer, seed, options).apply(at(wiring.input)) as tfl.SymbolicTensor)
  })
  return tfl.model({ inputs: input, outputs: outputs[outputs.length - 1]! })
}

function tfLayer(
  layer: Exclude<LayerSpec, { type: 'add' }>,
  seed: number,
  options: BuildOptions,
): tfl.layers.Layer {
  const name = layer.id
  const kernelInitializer = tfl.initializers.glorotUniform({ seed })
  switch (layer.type) {
    case 'dense':
      return tfl.layers.dense({
        name,
        units: layer.units,
        activation: act(layer.activation),
        useBias: layer.useBias !== false,
        kernelInitializer,
      })
    case 'conv1d':
      return tfl.layers.conv1d({
        name,
        filters: layer.filters,
        kernelSize: layer.kernelSize,
        strides: layer.stride ?? 1,
        padding: layer.padding ?? 'valid',
        activation: act(layer.activation),
        useBias: layer.useBias !== false,
        kernelInitializer,
      })
    case 'conv2d':
      return tfl.layers.conv2d({
        name,
        filters: layer.filters,
        kernelSize: [...layer.kernelSize],
        strides: [...(layer.stride ?? [1, 1])],
        padding: layer.padding ?? 'valid',
        activation: act(layer.activation),
        useBias: layer.useBias !== false,
        kernelInitializer,
      })
    case 'depthwiseConv2d':
      return tfl.layers.depthwiseConv2d({
        name,
        kernelSize: [...layer.kernelSize],
        strides: [...(layer.stride ?? [1, 1])],
        depthMultiplier: layer.depthMultiplier ?? 1,
        padding: layer.padding ?? 'valid',
        activation: act(layer.activation),
        useBias: layer.useBias !== false,
        depthwiseInitializer: kernelInitializer,
      })
    case 'maxPool1d':
    case 'avgPool1d': {
      const args = {
        name,
        poolSize: layer.poolSize,
        strides: layer.stride ?? layer.poolSize,
        padding: layer.padding ?? 'valid',
      }
      return layer.type === 'maxPool1d' ? tfl.layers.maxPooling1d(args) : tfl.layers.averagePooling1d(args)
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const args = {
        name,
        poolSize: [...layer.poolSize] as [number, number],
        strides: [...(layer.stride ?? layer.poolSize)] as [number, number],
        padding: layer.padding ?? 'valid',
      }
      return layer.type === 'maxPool2d' ? tfl.layers.maxPooling2d(args) : tfl.layers.averagePooling2d(args)
    }
    case 'globalAvgPool1d':
      return tfl.layers.globalAveragePooling1d({ name })
    case 'globalAvgPool2d':
      return tfl.layers.globalAveragePooling2d({ name })
    case 'batchNorm':
      return tfl.layers.batchNormalization({
        name,
        epsilon: layer.epsilon ?? 1e-3,
        momentum: options.batchNormMomentum ?? 0.9,
      })
    case 'dropout':
      return options.forExport
        ? tfl.layers.dropout({ name, rate: layer.rate })
        : new SeededDropout({ name, rate: layer.rate, seed })
    case 'flatten':
      return tfl.layers.flatten({ name })
    case 'reshape':
      return tfl.layers.reshape({ name, targetShape: [...layer.targetShape] })
    case 'activation':
      return tfl.layers.activation({ name, activation: act(layer.activation) })
  }
}
