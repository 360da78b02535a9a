/**
 * Kernel selection: each IR op becomes a prepared `Step` (constants computed once, like TFLM's Prepare)
 * whose kernel is chosen by the dtypes of its tensors. int8 graphs run TFLM's integer arithmetic; float32
 * graphs run the float reference; QUANTIZE/DEQUANTIZE bridge the two.
 */
import type { DType, Op, TensorData } from '../../model/graph'
import { addFloat, addInt8, prepareAddFloat, prepareAddInt8 } from './add'
import { conv2dFloat, conv2dInt8, prepareConv2dFloat, prepareConv2dInt8 } from './conv2d'
import {
  depthwiseConv2dFloat,
  depthwiseConv2dInt8,
  prepareDepthwiseConv2dFloat,
  prepareDepthwiseConv2dInt8,
} from './depthwise-conv2d'
import {
  clamp,
  dequantizeInt8,
  prepareActivationFloat,
  prepareAffineConvert,
  prepareRelu6Int8,
  prepareReluInt8,
  prepareRequantizeInt8,
  quantizeFloat,
  requantizeInt8,
} from './elementwise'
import { unsupportedKernel } from './errors'
import {
  fullyConnectedFloat,
  fullyConnectedInt8,
  prepareFullyConnectedFloat,
  prepareFullyConnectedInt8,
} from './fully-connected'
import { elementCount, type OpContext } from './op-context'
import { pool2d, preparePool2dFloat, preparePool2dInt8 } from './pooling'
import { prepareSoftmaxFloat, prepareSoftmaxInt8, softmaxFloat, softmaxInt8 } from './softmax'

/** Tensor values by tensor index; undefined until produced. */
export type TensorValues = (TensorData | undefined)[]

export interface Step {
  readonly opIndex: number
  readonly op: Op
  run(values: TensorValues): void
}

type Ctor<T extends TensorData> = new (length: number) => T
/** The typed array type that holds each dtype. */
export const CTOR: Readonly<Record<DType, Ctor<TensorData>>> = {
  float32: Float32Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
}

/** The value of tensor `index`, checked to be of the expected array type. */
function read<T extends TensorData>(
  context: OpContext,
  values: TensorValues,
  position: number,
  type: Ctor<T>,
): T {
  const index = context.op.inputs[position] ?? -1
  const value = values[index]
  if (!(value instanceof type)) context.fail(`reads tensor ${index} before any op has written it`)
  return value
}

/** A step reading inputs 0..arity−1 as `inType` and writing output 0 as a fresh `outType` array. */
function step<I extends TensorData, O extends TensorData>(
  context: OpContext,
  inType: Ctor<I>,
  outType: Ctor<O>,
  arity: number,
  kernel: (inputs: I[], output: O) => void,
): Step {
  const output = context.output()
  context.check(CTOR[output.dtype] === outType, `writes ${output.dtype} where ${outType.name} is expected`)
  for (let i = 0; i < arity; i++) {
    const input = context.input(i)
    context.check(CTOR[input.dtype] === inType, `reads ${input.dtype} where ${inType.name} is expected`)
  }
  const outIndex = context.op.outputs[0] ?? -1
  const size = elementCount(output.shape)
  return {
    opIndex: context.index,
    op: context.op,
    run(values) {
      const inputs = Array.from({ length: arity }, (_, i) => read(context, values, i, inType))
      const result = new outType(size)
      kernel(inputs, result)
      values[outIndex] = result
    },
  }
}

/** RESHAPE shares its input's data (values are never mutated once written). */
function reshapeStep(context: OpContext): Step {
  const input = context.input(0)
  const output = context.output()
  context.check(input.dtype === output.dtype, 'changes the dtype')
  context.check(elementCount(input.shape) === elementCount(output.shape), 'changes the number of elements')
  const type = CTOR[input.dtype]
  const outIndex = context.op.outputs[0] ?? -1
  return {
    opIndex: context.index,
    op: context.op,
    run: (values) => (values[outIndex] = read(context, values, 0, type)),
  }
}

function int8Step(context: OpContext): Step | undefined {
  const { op } = context
  const i8 = (arity: number, kernel: (inputs: Int8Array[], output: Int8Array) => void) =>
    step(context, Int8Array, Int8Array, arity, kernel)
  switch (op.kind) {
    case 'conv2d': {
      const p = prepareConv2dInt8(context, op)
      return i8(1, ([x], y) => conv2dInt8(p, x!, y))
    }
    case 'depthwiseConv2d': {
      const p = prepareDepthwiseConv2dInt8(context, op)
      return i8(1, ([x], y) => depthwiseConv2dInt8(p, x!, y))
    }
    case 'fullyConnected': {
      const p = prepareFullyConnectedInt8(context, op)
      return i8(1, ([x], y) => fullyConnectedInt8(p, x!, y))
    }
    case 'averagePool2d':
    case 'maxPool2d': {
      const p = preparePool2dInt8(context, op)
      return i8(1, ([x], y) => pool2d(p, x!, y))
    }
    case 'add': {
      const p = prepareAddInt8(context, op)
      return i8(2, ([a, b], y) => addInt8(p, a!, b!, y))
    }
    case 'softmax': {
      const p = prepareSoftmaxInt8(context, op)
      return i8(1, ([x], y) => softmaxInt8(p, x!, y))
    }
    case 'relu': {
      const p = prepareReluInt8(context)
      return i8(1, ([x], y) => requantizeInt8(p, x!, y))
    }
    case 'relu6': {
      const p = prepareRelu6Int8(context)
      return i8(1, ([x], y) => clamp(p, x!, y))
    }
    case 'quantize': {
      const p = prepareRequantizeInt8(context)
      return i8(1, ([x], y) => requantizeInt8(p, x!, y))
    }
    case 'dequantize': {
      const p = prepareAffineConvert(context, op)
      return step(context, Int8Array, Float32Array, 1, ([x], y) => dequantizeInt8(p, x!, y))
    }
    default:
      return undefined
  }
}

function floatStep(context: OpContext): Step | undefined {
  const { op } = context
  const f32 = (arity: number, kernel: (inputs: Float32Array[], output: Float32Array) => void) =>
    step(context, Float32Array, Float32Array, arity, kernel)
  switch (op.kind) {
    case 'conv2d': {
      const p = prepareConv2dFloat(context, op)
      return f32(1, ([x], y) => conv2dFloat(p, x!, y))
    }
    case 'depthwiseConv2d': {
      const p = prepareDepthwiseConv2dFloat(context, op)
      return f32(1, ([x], y) => depthwiseConv2dFloat(p, x!, y))
    }
    case 'fullyConnected': {
      const p = prepareFullyConnectedFloat(context, op)
      return f32(1, ([x], y) => fullyConnectedFloat(p, x!, y))
    }
    case 'averagePool2d':
    case 'maxPool2d': {
      const p = preparePool2dFloat(context, op)
      return f32(1, ([x], y) => pool2d(p, x!, y))
    }
    case 'add': {
      const p = prepareAddFloat(context, op)
      return f32(2, ([a, b], y) => addFloat(p, a!, b!, y))
    }
    case 'softmax': {
      const p = prepareSoftmaxFloat(context, op)
      return f32(1, ([x], y) => softmaxFloat(p, x!, y))
    }
    case 'relu':
    case 'relu6': {
      const p = prepareActivationFloat(context, op)
      return f32(1, ([x], y) => clamp(p, x!, y))
    }
    case 'quantize': {
      const p = prepareAffineConvert(context, op)
      return step(context, Float32Array, Int8Array, 1, ([x], y) => quantizeFloat(p, x!, y))
    }
    default:
      return undefined
  }
}

/** The prepared step for `context.op`, or a `MoteFailure` naming the op and dtypes without a kernel. */
export function prepareStep(context: OpContext): Step {
  if (context.op.kind === 'reshape') return reshapeStep(context)
  const dtype = context.input(0).dtype
  const prepared = dtype === 'int8' ? int8Step(context) : dtype === 'float32' ? floatStep(context) : undefined
  if (prepared) return prepared
  const dtypes = [...context.op.inputs, ...context.op.outputs]
    .filter((i) => i >= 0)
    .map((i) => context.graph.tensors[i]?.dtype ?? '?')
  throw unsupportedKernel(context.index, context.op.kind, dtypes.join('/'))
}
