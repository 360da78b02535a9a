/**
 * Post-training int8 quantization of a float `ModelGraph` (what lowering produces: batch norm already
 * folded, activations fused), following the TFLite quantization spec and the converter's choices:
 * - activations: asymmetric int8 per tensor from the calibrated range (`chooseActivationParams`, zero point
 *   nudged so that 0.0 is exact); the model input and output become int8 too, as in the MLPerf models;
 * - pooling, reshape and standalone RELU6 outputs share their input's parameters (TFLM's int8 kernels for
 *   them do not requantize); softmax outputs have scale 1/256 and zero point −128 (the spec's fixed range);
 * - conv and depthwise weights: symmetric int8 per output channel (axis 0, axis 3); fully-connected weights
 *   per tensor by default (see `perChannelFullyConnected`);
 * - biases: int32 with scale s_in · s_w per channel.
 * The result runs on the int8 reference interpreter; it is checked by preparing it once.
 */
import type { ModelGraph, Op, OpKind, Quantization, Tensor } from '../../model/graph'
import {
  chooseActivationParams,
  isUsableScale,
  quantizeBias,
  quantizeWeightsSymmetric,
  type AffineParams,
} from '../quantize/params'
import { createInterpreter } from '../reference/interpreter'
import type { ActivationRanges } from './calibrate'
import { compressFailure } from '../errors'

export interface QuantizeGraphOptions {
  /**
   * Per-channel fully-connected weights. Off by default: TFLite's converter and the MLPerf models use one
   * scale per FC tensor, and TFLM and CMSIS-NN gained per-channel FC kernels only in 2023, so per tensor is
   * what every runtime a user may compare with runs.
   */
  readonly perChannelFullyConnected?: boolean
  /**
   * Weight tensors (by index) to quantize with one scale even on conv layers: clustered layers, whose k
   * shared values must stay k int8 values so that one int8 codebook serves the whole tensor.
   */
  readonly perTensorWeights?: ReadonlySet<number>
  readonly description?: string
}

/** Ops that have an int8 kernel in the reference interpreter and a rule here. */
export const INT8_OPS: ReadonlySet<OpKind> = new Set<OpKind>([
  'conv2d',
  'depthwiseConv2d',
  'fullyConnected',
  'averagePool2d',
  'maxPool2d',
  'add',
  'reshape',
  'softmax',
  'relu',
  'relu6',
])

/** Ops whose int8 output must carry the input's parameters. */
const SHARES_INPUT: ReadonlySet<OpKind> = new Set<OpKind>(['averagePool2d', 'maxPool2d', 'reshape', 'relu6'])
export const SOFTMAX_OUTPUT: AffineParams = { scale: 1 / 256, zeroPoint: -128 }

// `+ 0` turns a −0 zero point (rounding −0.3) into 0, which is what a .tflite file holds.
const perTensor = (p: AffineParams): Quantization => ({ scale: [p.scale], zeroPoint: [p.zeroPoint + 0] })

function checkFloatGraph(graph: ModelGraph): void {
  const unsupported = graph.ops.filter((op) => !INT8_OPS.has(op.kind)).map((op) => op.kind)
  if (unsupported.length > 0)
    throw compressFailure(
      'NotQuantizable',
      `The model has ${[...new Set(unsupported)].join(', ')} op(s), which have no int8 implementation here. Remove them from the design (the int8 ops are ${[...INT8_OPS].join(', ')}).`,
    )
  const notFloat = graph.tensors.find((t) => t.data === undefined && t.dtype !== 'float32')
  if (notFloat)
    throw compressFailure(
      'NotQuantizable',
      `Tensor "${notFloat.name}" is already ${notFloat.dtype}: quantization starts from a float32 model. Use the trained float model.`,
    )
}

/** Activation parameters of every non-constant tensor, by the rules above. */
export function activationParams(graph: ModelGraph, ranges: ActivationRanges): Map<number, AffineParams> {
  const params = new Map<number, AffineParams>()
  const fromRange = (t: number): AffineParams => {
    const name = graph.tensors[t]?.name ?? String(t)
    const range = ranges.get(t)
    if (!range || !Number.isFinite(range.min) || !Number.isFinite(range.max))
      throw compressFailure(
        'BadRange',
        `Tensor "${name}" has no finite calibrated range. Calibrate on windows that the float model handles (no NaN or infinite features).`,
      )
    const p = chooseActivationParams(range.min, range.max)
    if (!isUsableScale(p.scale))
      throw compressFailure(
        'BadRange',
        `Tensor "${name}" is 0 for every calibration window (range [0, 0]), so it has no int8 scale: its layer's units never activate. Retrain the model, or calibrate with more varied windows.`,
      )
    return p
  }
  for (const t of graph.inputs) params.set(t, fromRange(t))
  for (const op of graph.ops) {
    const out = op.outputs[0]!
    if (op.kind === 'softmax') params.set(out, SOFTMAX_OUTPUT)
    else if (SHARES_INPUT.has(op.kind)) params.set(out, params.get(op.inputs[0]!) ?? fromRange(op.inputs[0]!))
    else params.set(out, fromRange(out))
  }
  return params
}

function checkFinite(tensor: Tensor): Float32Array {
  const data = tensor.data
  if (!(data instanceof Float32Array))
    throw compressFailure(
      'NotQuantizable',
      `Weights "${tensor.name}" are not float32; quantize the float model.`,
    )
  if (!data.every(Number.isFinite))
    throw compressFailure(
      'BadRange',
      `Weights "${tensor.name}" contain NaN or infinite values. Retrain the model with a lower learning rate.`,
    )
  return data
}

/** The weight axis of an op's filter, or undefined for per-tensor quantization. */
function weightAxis(op: Op, options: QuantizeGraphOptions): number | undefined {
  if (options.perTensorWeights?.has(op.inputs[1]!)) return undefined
  if (op.kind === 'conv2d') return 0
  if (op.kind === 'depthwiseConv2d') return 3
  return options.perChannelFullyConnected ? 0 : undefined
}

/** Quantizes the float graph with calibrated `ranges` (calibrate.ts) into an int8 graph. */
export function quantizeGraph(
  graph: ModelGraph,
  ranges: ActivationRanges,
  options: QuantizeGraphOptions = {},
): ModelGraph {
  checkFloatGraph(graph)
  const params = activationParams(graph, ranges)
  const tensors: Tensor[] = graph.tensors.map((t, i) => {
    const p = params.get(i)
    return p ? { name: t.name, shape: t.shape, dtype: 'int8', quantization: perTensor(p) } : t
  })
  for (const op of graph.ops) {
    if (op.kind !== 'conv2d' && op.kind !== 'depthwiseConv2d' && op.kind !== 'fullyConnected') continue
    const [input, filter, bias] = op.inputs as [number, number, number | undefined]
    const filterTensor = graph.tensors[filter]!
    const weights = quantizeWeightsSymmetric(
      checkFinite(filterTensor),
      filterTensor.shape,
      weightAxis(op, options),
    )
    tensors[filter] = {
      ...filterTensor,
      dtype: 'int8',
      data: weights.data,
      quantization: weights.quantization,
    }
    if (bias === undefined || bias < 0) continue
    const biasTensor = graph.tensors[bias]!
    const q = quantizeBias(checkFinite(biasTensor), params.get(input)!.scale, weights.quantization.scale)
    tensors[bias] = { ...biasTensor, dtype: 'int32', data: q.data, quantization: q.quantization }
  }
  const stray = tensors.find((t) => t.dtype === 'float32')
  if (stray)
    throw compressFailure(
      'NotQuantizable',
      `Tensor "${stray.name}" is a float constant that no conv, depthwise or dense op uses as weights, so it has no int8 form.`,
    )
  const quantized: ModelGraph = {
    tensors,
    ops: graph.ops,
    inputs: graph.inputs,
    outputs: graph.outputs,
    description:
      options.description ?? `int8 (post-training quantization) of: ${graph.description ?? 'model'}`,
  }
  createInterpreter(quantized)
  return quantized
}

/** The parameters of the quantized graph's (single) input, to quantize features before a run. */
export function inputParams(graph: ModelGraph): AffineParams {
  const q = graph.tensors[graph.inputs[0] ?? -1]?.quantization
  if (!q)
    throw compressFailure('NotQuantizable', 'The model input is not quantized; run quantizeGraph first.')
  return { scale: q.scale[0]!, zeroPoint: q.zeroPoint[0]! }
}
