/**
 * The model graph IR: what compression, the int8 reference interpreter, code generation, the .tflite
 * writer/reader and the per-board estimator all consume.
 *
 * It is deliberately TFLite-shaped, so that a .tflite subgraph maps onto it one to one and generated C can
 * follow TensorFlow Lite Micro's reference kernels:
 * - tensors are NHWC with the batch dimension included and equal to 1 (`[1, H, W, C]`; a 1-D signal of T
 *   steps and C channels is `[1, 1, T, C]` for convolutions, `[1, N]` for dense layers);
 * - conv filters are `[outC, kh, kw, inC]`, depthwise filters `[1, kh, kw, inC·multiplier]`,
 *   fully-connected weights `[outUnits, inUnits]`, biases `[outC]`;
 * - a float graph has float32 tensors and no quantization; a quantized graph has int8 activations and
 *   weights, int32 biases, and `quantization` on every int8/int32 tensor, following the TFLite spec
 *   (weights symmetric with zero point 0, per-channel on `axis` for conv/depthwise; activations per tensor).
 *
 * Ops are in execution order (a valid topological order); tensors are referenced by index.
 */

export type DType = 'float32' | 'int8' | 'int16' | 'int32' | 'uint8'

/** Affine quantization: real = scale · (q − zeroPoint). One entry per tensor, or one per channel on `axis`. */
export interface Quantization {
  readonly scale: readonly number[]
  readonly zeroPoint: readonly number[]
  /** Channel axis for per-channel quantization (0 for conv filters, 3 for depthwise filters). */
  readonly axis?: number
}

export type TensorData = Float32Array | Int8Array | Int16Array | Int32Array | Uint8Array

export interface Tensor {
  readonly name: string
  readonly shape: readonly number[]
  readonly dtype: DType
  readonly quantization?: Quantization
  /** Present for constants (weights, biases, reshape targets); absent for activations. Owned by the graph. */
  readonly data?: TensorData
}

export type Padding = 'same' | 'valid'
/** Activation fused into the op that produces the tensor, as TFLite does. */
export type FusedActivation = 'none' | 'relu' | 'relu6'

interface OpBase {
  /** Tensor indices; optional operands (a missing bias) are -1, as in TFLite. */
  readonly inputs: readonly number[]
  readonly outputs: readonly number[]
}

export interface Conv2dOp extends OpBase {
  readonly kind: 'conv2d'
  /** inputs: [input, filter, bias] */
  readonly strideH: number
  readonly strideW: number
  readonly dilationH: number
  readonly dilationW: number
  readonly padding: Padding
  readonly activation: FusedActivation
}

export interface DepthwiseConv2dOp extends OpBase {
  readonly kind: 'depthwiseConv2d'
  /** inputs: [input, filter, bias] */
  readonly strideH: number
  readonly strideW: number
  readonly dilationH: number
  readonly dilationW: number
  readonly depthMultiplier: number
  readonly padding: Padding
  readonly activation: FusedActivation
}

export interface FullyConnectedOp extends OpBase {
  readonly kind: 'fullyConnected'
  /** inputs: [input, weights, bias]; the input is flattened to [1, inUnits] as TFLite does. */
  readonly activation: FusedActivation
}

export interface Pool2dOp extends OpBase {
  readonly kind: 'averagePool2d' | 'maxPool2d'
  readonly filterH: number
  readonly filterW: number
  readonly strideH: number
  readonly strideW: number
  readonly padding: Padding
  readonly activation: FusedActivation
}

export interface AddOp extends OpBase {
  readonly kind: 'add'
  /** inputs: [a, b] of the same shape (no broadcasting in this IR). */
  readonly activation: FusedActivation
}

export interface ReshapeOp extends OpBase {
  readonly kind: 'reshape'
  /** inputs: [input] or [input, shapeConstant]; the output tensor's shape is authoritative. */
}

export interface SoftmaxOp extends OpBase {
  readonly kind: 'softmax'
  readonly beta: number
}

/** A standalone activation, for graphs where it could not be fused (e.g. after an add read from .tflite). */
export interface ActivationOp extends OpBase {
  readonly kind: 'relu' | 'relu6'
}

/** float32 → int8 at a model's input, or int8 → int8 with a new scale; dequantize is the reverse. */
export interface QuantizeOp extends OpBase {
  readonly kind: 'quantize' | 'dequantize'
}

export type Op =
  | Conv2dOp
  | DepthwiseConv2dOp
  | FullyConnectedOp
  | Pool2dOp
  | AddOp
  | ReshapeOp
  | SoftmaxOp
  | ActivationOp
  | QuantizeOp

export type OpKind = Op['kind']

export interface ModelGraph {
  readonly tensors: readonly Tensor[]
  readonly ops: readonly Op[]
  readonly inputs: readonly number[]
  readonly outputs: readonly number[]
  /** Free-form provenance: "trained in Mote", "read from kws_ref_model.tflite". */
  readonly description?: string
}

/**
 * The geometry of a window op (convolution, depthwise convolution, pooling) over NHWC tensors: input
 * [batches, inH, inW, inC], output [batches, outH, outW, outC], a kH × kW window moved by the strides, spread
 * by the dilations, starting padH / padW before the input (TFLite's leading padding).
 */
export interface WindowGeometry {
  readonly batches: number
  readonly inH: number
  readonly inW: number
  readonly inC: number
  readonly outH: number
  readonly outW: number
  readonly outC: number
  readonly kH: number
  readonly kW: number
  readonly strideH: number
  readonly strideW: number
  readonly dilationH: number
  readonly dilationW: number
  readonly padH: number
  readonly padW: number
}

/** Output shape of a convolution or pooling window along one axis, as TFLite computes it. */
export function convOutputSize(
  inSize: number,
  filter: number,
  stride: number,
  dilation: number,
  padding: Padding,
) {
  const effective = (filter - 1) * dilation + 1
  return padding === 'same' ? Math.ceil(inSize / stride) : Math.floor((inSize - effective + stride) / stride)
}
