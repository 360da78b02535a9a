/**
 * IR op → TFLite operator code, version and builtin options table, for the writer.
 *
 * Versions follow the converter's rules (`opVersion`), so that desktop TFLite accepts the file too.
 */
import type { Builder } from 'flatbuffers'
import type { FusedActivation, ModelGraph, Op, Padding as IrPadding } from '../../model/graph'
import {
  Activation,
  AddOptionsField,
  BuiltinOperator as B,
  BuiltinOptions,
  Conv2DOptionsField as C,
  DepthwiseConv2DOptionsField as D,
  FullyConnectedOptionsField as F,
  Padding,
  Pool2DOptionsField as P,
  ReshapeOptionsField,
  SoftmaxOptionsField,
} from './schema'

export const BUILTIN_OF_KIND: Readonly<Record<Op['kind'], number>> = {
  conv2d: B.CONV_2D,
  depthwiseConv2d: B.DEPTHWISE_CONV_2D,
  fullyConnected: B.FULLY_CONNECTED,
  averagePool2d: B.AVERAGE_POOL_2D,
  maxPool2d: B.MAX_POOL_2D,
  add: B.ADD,
  reshape: B.RESHAPE,
  softmax: B.SOFTMAX,
  relu: B.RELU,
  relu6: B.RELU6,
  quantize: B.QUANTIZE,
  dequantize: B.DEQUANTIZE,
}

const isPerChannel = (graph: ModelGraph, tensor: number | undefined) =>
  (graph.tensors[tensor ?? -1]?.quantization?.scale.length ?? 0) > 1

/**
 * The version TFLite's converter records for `op`, by the rules of tensorflow/lite/tools/versioning/
 * op_version.cc (`GetBuiltinOperatorVersion`) for the types and options the IR has: the int8 forms of the
 * kernels (conv and depthwise 3, fully connected 4, pooling / add / softmax / relu / relu6 2), a depthwise
 * convolution with dilation 2, a fully connected op without a bias operand 6, a per-channel DEQUANTIZE 5
 * and QUANTIZE 3; everything else 1. TFLite refuses an op whose version its kernel does not register, and
 * TFLite Micro ignores versions.
 */
export function opVersion(graph: ModelGraph, op: Op): number {
  const dtype = (i: number | undefined) => graph.tensors[i ?? -1]?.dtype
  const int8In = dtype(op.inputs[0]) === 'int8'
  const int8Kernel = int8In && dtype(op.inputs[1]) === 'int8' && dtype(op.outputs[0]) === 'int8'
  switch (op.kind) {
    case 'conv2d':
      return int8Kernel ? 3 : 1
    case 'depthwiseConv2d':
      return int8Kernel ? 3 : op.dilationH !== 1 || op.dilationW !== 1 ? 2 : 1
    case 'fullyConnected':
      return op.inputs.length === 2 ? 6 : int8Kernel ? 4 : 1
    case 'averagePool2d':
    case 'maxPool2d':
    case 'add':
    case 'softmax':
    case 'relu':
    case 'relu6':
      return int8In ? 2 : 1
    case 'reshape':
      return 1
    case 'quantize':
      return isPerChannel(graph, op.outputs[0]) ? 3 : 1
    case 'dequantize':
      return int8In ? (isPerChannel(graph, op.inputs[0]) ? 5 : 2) : 1
  }
}

function activation(value: FusedActivation): number {
  return value === 'relu' ? Activation.RELU : value === 'relu6' ? Activation.RELU6 : Activation.NONE
}

function padding(value: IrPadding): number {
  return value === 'same' ? Padding.SAME : Padding.VALID
}

function table(builder: Builder, fields: number, add: () => void): number {
  builder.startObject(fields)
  add()
  return builder.endObject()
}

/** Writes the builtin options table of `op` (if it has one); returns [union type tag, offset]. */
export function writeOptions(builder: Builder, graph: ModelGraph, op: Op): [number, number] {
  switch (op.kind) {
    case 'conv2d':
      return [
        BuiltinOptions.Conv2DOptions,
        table(builder, C.count, () => {
          builder.addFieldInt8(C.padding, padding(op.padding), 0)
          builder.addFieldInt32(C.strideW, op.strideW, 0)
          builder.addFieldInt32(C.strideH, op.strideH, 0)
          builder.addFieldInt8(C.fusedActivation, activation(op.activation), 0)
          builder.addFieldInt32(C.dilationW, op.dilationW, 1)
          builder.addFieldInt32(C.dilationH, op.dilationH, 1)
        }),
      ]
    case 'depthwiseConv2d':
      return [
        BuiltinOptions.DepthwiseConv2DOptions,
        table(builder, D.count, () => {
          builder.addFieldInt8(D.padding, padding(op.padding), 0)
          builder.addFieldInt32(D.strideW, op.strideW, 0)
          builder.addFieldInt32(D.strideH, op.strideH, 0)
          builder.addFieldInt32(D.depthMultiplier, op.depthMultiplier, 0)
          builder.addFieldInt8(D.fusedActivation, activation(op.activation), 0)
          builder.addFieldInt32(D.dilationW, op.dilationW, 1)
          builder.addFieldInt32(D.dilationH, op.dilationH, 1)
        }),
      ]
    case 'averagePool2d':
    case 'maxPool2d':
      return [
        BuiltinOptions.Pool2DOptions,
        table(builder, P.count, () => {
          builder.addFieldInt8(P.padding, padding(op.padding), 0)
          builder.addFieldInt32(P.strideW, op.strideW, 0)
          builder.addFieldInt32(P.strideH, op.strideH, 0)
          builder.addFieldInt32(P.filterWidth, op.filterW, 0)
          builder.addFieldInt32(P.filterHeight, op.filterH, 0)
          builder.addFieldInt8(P.fusedActivation, activation(op.activation), 0)
        }),
      ]
    case 'fullyConnected':
      return [
        BuiltinOptions.FullyConnectedOptions,
        table(builder, F.count, () => builder.addFieldInt8(F.fusedActivation, activation(op.activation), 0)),
      ]
    case 'add':
      return [
        BuiltinOptions.AddOptions,
        table(builder, AddOptionsField.count, () =>
          builder.addFieldInt8(AddOptionsField.fusedActivation, activation(op.activation), 0),
        ),
      ]
    case 'softmax':
      return [
        BuiltinOptions.SoftmaxOptions,
        table(builder, SoftmaxOptionsField.count, () =>
          builder.addFieldFloat32(SoftmaxOptionsField.beta, op.beta, 0),
        ),
      ]
    case 'reshape': {
      const shape = graph.tensors[op.outputs[0] ?? -1]?.shape ?? []
      const newShape = int32Vector(builder, shape)
      return [
        BuiltinOptions.ReshapeOptions,
        table(builder, ReshapeOptionsField.count, () =>
          builder.addFieldOffset(ReshapeOptionsField.newShape, newShape, 0),
        ),
      ]
    }
    default:
      return [BuiltinOptions.NONE, 0]
  }
}

/** A `[int]` vector. */
export function int32Vector(builder: Builder, values: readonly number[]): number {
  builder.startVector(4, values.length, 4)
  for (let i = values.length - 1; i >= 0; i--) builder.addInt32(values[i] ?? 0)
  return builder.endVector()
}
