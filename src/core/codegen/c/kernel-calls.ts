/**
 * Which C runtime kernel runs each op of a `ModelGraph`, with which parameters and tensors. The parameters
 * come from the reference interpreter's own prepare functions (TFLite Micro's Prepare arithmetic), so the C
 * and the TypeScript reference cannot disagree on a multiplier, a padding or a clamp range.
 *
 * Op → kernel, by the dtype of the op's first input as the interpreter chooses:
 * - int8: conv2d, depthwiseConv2d, fullyConnected, averagePool2d, maxPool2d, add, softmax → `mote_<op>_s8`;
 *   relu and quantize (int8 → int8) → `mote_requantize_s8`; relu6 → `mote_clamp_s8`;
 *   dequantize → `mote_dequantize_s8_f32`.
 * - float32: the same ops → `mote_<op>_f32`; relu / relu6 → `mote_clamp_f32`; quantize → `mote_quantize_f32_s8`.
 * - reshape (any dtype) → `mote_reshape`.
 */
import { prepareAddFloat, prepareAddInt8 } from '../../compress/reference/add'
import { prepareConv2dFloat, prepareConv2dInt8 } from '../../compress/reference/conv2d'
import {
  prepareDepthwiseConv2dFloat,
  prepareDepthwiseConv2dInt8,
} from '../../compress/reference/depthwise-conv2d'
import {
  prepareActivationFloat,
  prepareAffineConvert,
  prepareRelu6Int8,
  prepareReluInt8,
  prepareRequantizeInt8,
} from '../../compress/reference/elementwise'
import {
  prepareFullyConnectedFloat,
  prepareFullyConnectedInt8,
} from '../../compress/reference/fully-connected'
import { elementCount, OpContext } from '../../compress/reference/op-context'
import { preparePool2dFloat, preparePool2dInt8 } from '../../compress/reference/pooling'
import { prepareSoftmaxFloat, prepareSoftmaxInt8 } from '../../compress/reference/softmax'
import type { DType, ModelGraph } from '../../model/graph'
import { unsupportedKernel } from './errors'
import * as P from './kernel-params'

interface Call<K extends string, T> {
  /** The C function. */
  readonly kernel: K
  readonly params: T
  /**
   * Tensor indices for the kernel's pointer arguments after the params, in order and without the output:
   * activations and then weights (filter, bias); −1 passes NULL (an absent bias).
   */
  readonly inputs: readonly number[]
  readonly output: number
}

export type KernelCall =
  | Call<'mote_conv2d_s8', P.Conv2dS8Params>
  | Call<'mote_depthwise_conv2d_s8', P.DepthwiseConv2dS8Params>
  | Call<'mote_fully_connected_s8', P.FullyConnectedS8Params>
  | Call<'mote_average_pool2d_s8' | 'mote_max_pool2d_s8', P.Pool2dParams>
  | Call<'mote_add_s8', P.AddS8Params>
  | Call<'mote_softmax_s8', P.SoftmaxS8Params>
  | Call<'mote_requantize_s8', P.RequantizeS8Params>
  | Call<'mote_clamp_s8' | 'mote_clamp_f32' | 'mote_add_f32', P.SizedRangeParams>
  | Call<'mote_conv2d_f32', P.Conv2dF32Params>
  | Call<'mote_depthwise_conv2d_f32', P.DepthwiseConv2dF32Params>
  | Call<'mote_fully_connected_f32', P.FullyConnectedF32Params>
  | Call<'mote_average_pool2d_f32' | 'mote_max_pool2d_f32', P.Pool2dParams>
  | Call<'mote_softmax_f32', P.SoftmaxF32Params>
  | Call<'mote_quantize_f32_s8' | 'mote_dequantize_s8_f32', P.AffineF32Params>
  | Call<'mote_reshape', P.ReshapeParams>

export type KernelName = KernelCall['kernel']

/** The params type of kernel `K`. */
type ParamsOf<K extends KernelName, C = KernelCall> =
  C extends Call<infer N, infer T> ? (K extends N ? T : never) : never

const BYTES_PER_ELEMENT: Readonly<Record<DType, number>> = {
  float32: 4,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
}

/**
 * The call of `kernel` for the context's op: its first `arity` inputs (activations, then filter and bias;
 * −1 when absent) and its output.
 */
function call<K extends KernelName>(
  context: OpContext,
  kernel: K,
  params: ParamsOf<K>,
  arity = 1,
): KernelCall {
  const inputs = Array.from({ length: arity }, (_, i) => context.op.inputs[i] ?? -1)
  return { kernel, params, inputs, output: context.op.outputs[0] ?? -1 } as KernelCall
}

function int8Call(context: OpContext): KernelCall | undefined {
  const { op } = context
  switch (op.kind) {
    case 'conv2d':
      return call(context, 'mote_conv2d_s8', P.conv2dS8Params(prepareConv2dInt8(context, op)), 3)
    case 'depthwiseConv2d': {
      const params = P.depthwiseConv2dS8Params(prepareDepthwiseConv2dInt8(context, op))
      return call(context, 'mote_depthwise_conv2d_s8', params, 3)
    }
    case 'fullyConnected': {
      const params = P.fullyConnectedS8Params(prepareFullyConnectedInt8(context, op))
      return call(context, 'mote_fully_connected_s8', params, 3)
    }
    case 'averagePool2d':
    case 'maxPool2d': {
      const kernel = op.kind === 'averagePool2d' ? 'mote_average_pool2d_s8' : 'mote_max_pool2d_s8'
      return call(context, kernel, P.pool2dParams(preparePool2dInt8(context, op)))
    }
    case 'add':
      return call(context, 'mote_add_s8', P.addS8Params(prepareAddInt8(context, op)), 2)
    case 'softmax':
      return call(context, 'mote_softmax_s8', P.softmaxS8Params(prepareSoftmaxInt8(context, op)))
    case 'relu':
      return call(context, 'mote_requantize_s8', P.requantizeS8Params(prepareReluInt8(context)))
    case 'quantize':
      return call(context, 'mote_requantize_s8', P.requantizeS8Params(prepareRequantizeInt8(context)))
    case 'relu6':
      return call(context, 'mote_clamp_s8', P.clampParams(prepareRelu6Int8(context)))
    case 'dequantize':
      return call(context, 'mote_dequantize_s8_f32', P.affineF32Params(prepareAffineConvert(context, op)))
    default:
      return undefined
  }
}

function floatCall(context: OpContext): KernelCall | undefined {
  const { op } = context
  switch (op.kind) {
    case 'conv2d':
      return call(context, 'mote_conv2d_f32', P.conv2dF32Params(prepareConv2dFloat(context, op)), 3)
    case 'depthwiseConv2d': {
      const params = P.depthwiseConv2dF32Params(prepareDepthwiseConv2dFloat(context, op))
      return call(context, 'mote_depthwise_conv2d_f32', params, 3)
    }
    case 'fullyConnected': {
      const params = P.fullyConnectedF32Params(prepareFullyConnectedFloat(context, op))
      return call(context, 'mote_fully_connected_f32', params, 3)
    }
    case 'averagePool2d':
    case 'maxPool2d': {
      const kernel = op.kind === 'averagePool2d' ? 'mote_average_pool2d_f32' : 'mote_max_pool2d_f32'
      return call(context, kernel, P.pool2dParams(preparePool2dFloat(context, op)))
    }
    case 'add':
      return call(context, 'mote_add_f32', P.addF32Params(prepareAddFloat(context, op)), 2)
    case 'softmax':
      return call(context, 'mote_softmax_f32', P.softmaxF32Params(prepareSoftmaxFloat(context, op)))
    case 'relu':
    case 'relu6':
      return call(context, 'mote_clamp_f32', P.clampParams(prepareActivationFloat(context, op)))
    case 'quantize':
      return call(context, 'mote_quantize_f32_s8', P.affineF32Params(prepareAffineConvert(context, op)))
    default:
      return undefined
  }
}

function reshapeCall(context: OpContext): KernelCall {
  const input = context.input(0)
  const output = context.output()
  context.check(input.dtype === output.dtype, 'changes the dtype')
  context.check(elementCount(input.shape) === elementCount(output.shape), 'changes the number of elements')
  return call(context, 'mote_reshape', {
    bytes: elementCount(output.shape) * BYTES_PER_ELEMENT[output.dtype],
  })
}

/**
 * The kernel call for op `opIndex` of `graph`. Throws a `MoteFailure`: the reference interpreter's
 * InvalidGraph for a broken op, `CodegenCErrorCode.UnsupportedKernel` for an op/dtype without a C kernel,
 * `ParameterOutOfRange` for a requantization the C arithmetic cannot take.
 */
export function kernelCall(graph: ModelGraph, opIndex: number): KernelCall {
  const op = graph.ops[opIndex]
  if (!op) throw new RangeError(`The graph has no op ${opIndex}.`)
  const context = new OpContext(graph, op, opIndex)
  if (op.kind === 'reshape') return reshapeCall(context)
  const dtype = context.input(0).dtype
  const call = dtype === 'int8' ? int8Call(context) : dtype === 'float32' ? floatCall(context) : undefined
  if (call) return call
  const dtypes = [...op.inputs, ...op.outputs]
    .filter((i) => i >= 0)
    .map((i) => graph.tensors[i]?.dtype ?? '?')
  throw unsupportedKernel(opIndex, op.kind, dtypes.join('/'))
}

/** The kernel call of every op, in execution order. */
export function kernelCalls(graph: ModelGraph): KernelCall[] {
  return graph.ops.map((_, i) => kernelCall(graph, i))
}
