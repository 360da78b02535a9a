/**
 * Turning one TFLite `Operator` table into an IR op: the builtin options tables of the supported ops
 * (schema.fbs `Conv2DOptions`, `DepthwiseConv2DOptions`, `Pool2DOptions`, `FullyConnectedOptions`,
 * `SoftmaxOptions`, `AddOptions`) mapped onto the IR's fields.
 */
import { CodegenErrorCode } from '../../../shared/api/codegen'
import { MoteFailure } from '../../../shared/errors'
import type { FusedActivation, Op, Padding as IrPadding, Tensor } from '../../model/graph'
import { builtinOperatorLabel, builtinOperatorName } from './builtin-names'
import {
  Activation,
  AddOptionsField,
  BuiltinOperator as B,
  Conv2DOptionsField as C,
  DepthwiseConv2DOptionsField as D,
  FullyConnectedOptionsField as F,
  OperatorField,
  Padding,
  Pool2DOptionsField as P,
  SoftmaxOptionsField,
} from './schema'
import { corrupt, type TableReader } from './table-reader'

/** Builtin codes of the ops the IR has. */
export const SUPPORTED_BUILTINS: ReadonlySet<number> = new Set([
  B.ADD,
  B.AVERAGE_POOL_2D,
  B.CONV_2D,
  B.DEPTHWISE_CONV_2D,
  B.DEQUANTIZE,
  B.FULLY_CONNECTED,
  B.MAX_POOL_2D,
  B.RELU,
  B.RELU6,
  B.RESHAPE,
  B.SOFTMAX,
  B.QUANTIZE,
])

/** "ADD, AVERAGE_POOL_2D, …": what an unsupported-op error says Mote runs. */
export const SUPPORTED_OP_NAMES = [...SUPPORTED_BUILTINS].map(builtinOperatorName).join(', ')

function unsupportedOption(code: number, what: string): MoteFailure {
  return new MoteFailure(
    CodegenErrorCode.TfliteUnsupportedOption,
    `A ${builtinOperatorLabel(code)} operator uses ${what}, which Mote cannot run; convert the model without it.`,
  )
}

function activationOf(code: number, value: number): FusedActivation {
  if (value === Activation.NONE) return 'none'
  if (value === Activation.RELU) return 'relu'
  if (value === Activation.RELU6) return 'relu6'
  throw unsupportedOption(code, `the fused activation ${value === Activation.TANH ? 'TANH' : `#${value}`}`)
}

function paddingOf(value: number): IrPadding {
  if (value === Padding.SAME) return 'same'
  if (value === Padding.VALID) return 'valid'
  throw corrupt(`unknown padding ${value}`)
}

function positive(value: number, what: string): number {
  if (!(value >= 1)) throw corrupt(`${what} is ${value}`)
  return value
}

function options(code: number, operator: TableReader): TableReader {
  const table = operator.table(OperatorField.builtinOptions)
  if (!table) throw corrupt(`a ${builtinOperatorLabel(code)} operator has no options`)
  return table
}

interface OpContext {
  readonly code: number
  readonly operator: TableReader
  readonly inputs: readonly number[]
  readonly outputs: readonly number[]
  readonly tensors: readonly Tensor[]
}

function convOp({ code, operator, inputs, outputs }: OpContext): Op {
  const o = options(code, operator)
  return {
    kind: 'conv2d',
    inputs,
    outputs,
    strideH: positive(o.int32(C.strideH), 'a stride'),
    strideW: positive(o.int32(C.strideW), 'a stride'),
    dilationH: positive(o.int32(C.dilationH, 1), 'a dilation'),
    dilationW: positive(o.int32(C.dilationW, 1), 'a dilation'),
    padding: paddingOf(o.int8(C.padding)),
    activation: activationOf(code, o.int8(C.fusedActivation)),
  }
}

function depthwiseOp({ code, operator, inputs, outputs, tensors }: OpContext): Op {
  const o = options(code, operator)
  // TFLite ignores the stored multiplier since TF 2.0; the shapes are authoritative.
  const inC = tensors[inputs[0] ?? -1]?.shape[3] ?? 0
  const outC = tensors[inputs[1] ?? -1]?.shape[3] ?? 0
  if (!(inC > 0 && outC % inC === 0))
    throw corrupt(`depthwise filter depth ${outC} is not a multiple of ${inC}`)
  return {
    kind: 'depthwiseConv2d',
    inputs,
    outputs,
    strideH: positive(o.int32(D.strideH), 'a stride'),
    strideW: positive(o.int32(D.strideW), 'a stride'),
    dilationH: positive(o.int32(D.dilationH, 1), 'a dilation'),
    dilationW: positive(o.int32(D.dilationW, 1), 'a dilation'),
    depthMultiplier: outC / inC,
    padding: paddingOf(o.int8(D.padding)),
    activation: activationOf(code, o.int8(D.fusedActivation)),
  }
}

function poolOp({ code, operator, inputs, outputs }: OpContext): Op {
  const o = options(code, operator)
  return {
    kind: code === B.AVERAGE_POOL_2D ? 'averagePool2d' : 'maxPool2d',
    inputs,
    outputs,
    filterH: positive(o.int32(P.filterHeight), 'a pool size'),
    filterW: positive(o.int32(P.filterWidth), 'a pool size'),
    strideH: positive(o.int32(P.strideH), 'a stride'),
    strideW: positive(o.int32(P.strideW), 'a stride'),
    padding: paddingOf(o.int8(P.padding)),
    activation: activationOf(code, o.int8(P.fusedActivation)),
  }
}

function fullyConnectedOp({ code, operator, inputs, outputs }: OpContext): Op {
  const o = operator.table(OperatorField.builtinOptions)
  if (o && o.int8(F.weightsFormat) !== 0) throw unsupportedOption(code, 'shuffled weights')
  return {
    kind: 'fullyConnected',
    inputs,
    outputs,
    activation: activationOf(code, o?.int8(F.fusedActivation) ?? 0),
  }
}

function addOp({ code, operator, inputs, outputs, tensors }: OpContext): Op {
  const [a, b] = inputs.map((i) => tensors[i]?.shape.join(','))
  if (a !== b) throw unsupportedOption(code, 'broadcasting between inputs of different shapes')
  const o = operator.table(OperatorField.builtinOptions)
  return {
    kind: 'add',
    inputs,
    outputs,
    activation: activationOf(code, o?.int8(AddOptionsField.fusedActivation) ?? 0),
  }
}

/** The IR op for a supported builtin `code` (see SUPPORTED_BUILTINS). */
export function readOp(context: OpContext): Op {
  const { code, operator, inputs, outputs } = context
  switch (code) {
    case B.CONV_2D:
      return convOp(context)
    case B.DEPTHWISE_CONV_2D:
      return depthwiseOp(context)
    case B.AVERAGE_POOL_2D:
    case B.MAX_POOL_2D:
      return poolOp(context)
    case B.FULLY_CONNECTED:
      return fullyConnectedOp(context)
    case B.ADD:
      return addOp(context)
    case B.SOFTMAX: {
      const beta = operator.table(OperatorField.builtinOptions)?.float32(SoftmaxOptionsField.beta) ?? 0 // TFLite's default too
      return { kind: 'softmax', inputs, outputs, beta }
    }
    case B.RESHAPE:
      return { kind: 'reshape', inputs, outputs }
    case B.RELU:
    case B.RELU6:
      return { kind: code === B.RELU ? 'relu' : 'relu6', inputs, outputs }
    case B.QUANTIZE:
    case B.DEQUANTIZE:
      return { kind: code === B.QUANTIZE ? 'quantize' : 'dequantize', inputs, outputs }
    default:
      throw new MoteFailure(
        CodegenErrorCode.TfliteUnsupportedOp,
        `Mote cannot run ${builtinOperatorLabel(code)}.`,
      )
  }
}
