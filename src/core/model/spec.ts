/**
 * The model as the user designs it (Design view, presets, training): a Keras-like list of layers, each
 * with an id, taking the previous layer's output unless `input` names another layer (for residual adds).
 * Shapes exclude the batch dimension: a motion window is `[T, C]`, an image `[H, W, C]`, features `[N]`.
 *
 * A spec has no weights. Training turns it into a TensorFlow.js model; lowering a trained model turns it
 * into a `ModelGraph` (batch norm folded, dropout dropped, activations fused), which is what compression and
 * code generation use.
 */

export type LayerActivation = 'linear' | 'relu' | 'relu6' | 'softmax'
export type SpecPadding = 'same' | 'valid'

interface LayerBase {
  /** Unique within the spec, stable across edits: "conv1", "dense2". */
  readonly id: string
  /** The id of the layer this one reads; defaults to the previous layer (or the model input for the first). */
  readonly input?: string
}

export interface DenseLayer extends LayerBase {
  readonly type: 'dense'
  readonly units: number
  readonly activation: LayerActivation
  readonly useBias?: boolean
}

export interface Conv1dLayer extends LayerBase {
  readonly type: 'conv1d'
  readonly filters: number
  readonly kernelSize: number
  readonly stride?: number
  readonly padding?: SpecPadding
  readonly activation: LayerActivation
  /** Default true (as Keras). */
  readonly useBias?: boolean
}

export interface Conv2dLayer extends LayerBase {
  readonly type: 'conv2d'
  readonly filters: number
  readonly kernelSize: readonly [number, number]
  readonly stride?: readonly [number, number]
  readonly padding?: SpecPadding
  readonly activation: LayerActivation
  /** Default true (as Keras). */
  readonly useBias?: boolean
}

export interface DepthwiseConv2dLayer extends LayerBase {
  readonly type: 'depthwiseConv2d'
  readonly kernelSize: readonly [number, number]
  readonly stride?: readonly [number, number]
  readonly depthMultiplier?: number
  readonly padding?: SpecPadding
  readonly activation: LayerActivation
  /** Default true (as Keras). */
  readonly useBias?: boolean
}

export interface Pool1dLayer extends LayerBase {
  readonly type: 'maxPool1d' | 'avgPool1d'
  readonly poolSize: number
  readonly stride?: number
  readonly padding?: SpecPadding
}

export interface Pool2dLayer extends LayerBase {
  readonly type: 'maxPool2d' | 'avgPool2d'
  readonly poolSize: readonly [number, number]
  readonly stride?: readonly [number, number]
  readonly padding?: SpecPadding
}

export interface GlobalPoolLayer extends LayerBase {
  readonly type: 'globalAvgPool1d' | 'globalAvgPool2d'
}

export interface AddLayer extends LayerBase {
  readonly type: 'add'
  /** The second operand (the residual branch); the first is `input`/the previous layer. */
  readonly other: string
  readonly activation?: LayerActivation
}

export interface BatchNormLayer extends LayerBase {
  readonly type: 'batchNorm'
  readonly epsilon?: number
}

export interface DropoutLayer extends LayerBase {
  readonly type: 'dropout'
  readonly rate: number
}

export interface FlattenLayer extends LayerBase {
  readonly type: 'flatten'
}

export interface ReshapeLayer extends LayerBase {
  readonly type: 'reshape'
  readonly targetShape: readonly number[]
}

export interface ActivationLayer extends LayerBase {
  readonly type: 'activation'
  readonly activation: LayerActivation
}

export type LayerSpec =
  | DenseLayer
  | Conv1dLayer
  | Conv2dLayer
  | DepthwiseConv2dLayer
  | Pool1dLayer
  | Pool2dLayer
  | GlobalPoolLayer
  | AddLayer
  | BatchNormLayer
  | DropoutLayer
  | FlattenLayer
  | ReshapeLayer
  | ActivationLayer

export type LayerType = LayerSpec['type']

export interface ModelSpec {
  /** Input shape without batch: what the feature block produces. */
  readonly inputShape: readonly number[]
  readonly layers: readonly LayerSpec[]
}
