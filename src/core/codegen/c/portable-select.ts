/**
 * The portable target's kernel choice for each op (docs/codegen.md, "Generated kernels"): int8 convolutions,
 * depthwise convolutions and dense layers run the generator's kernels (mote_kernels_gen_s8.h) — folded
 * biases, a 1×1 convolution as a matrix product, any other convolution through a per-pixel patch (the first
 * layer's case), depthwise through tap pointers with 3×3 unrolled, the window kernels able to write over
 * their input, and Huffman-decoding versions when the variant's weights are coded. Everything else, and every
 * float op, runs the portable runtime kernel that kernel-calls.ts chooses.
 */
import type { CodedWeights } from '../../compress/cluster/huffman-weights'
import { opMacs } from '../../compress/reference/graph-stats'
import type { ModelGraph } from '../../model/graph'
import type { StreamGeometry } from '../../model/in-place'
import { blockSums, foldBias, interleavedSums } from './fold-bias'
import { kernelCall, type KernelCall } from './kernel-calls'
import type { CallArg, ConstArray, KernelChoice, Overlap, SelectionInput } from './kernel-choice'
import type * as P from './kernel-params'

/** The depthwise stream kernel's tap limit (MOTE_DEPTHWISE_MAX_TAPS in mote_kernels_gen_s8.h). */
export const DEPTHWISE_MAX_TAPS = 25
/** The Huffman decoder's look-up table (MOTE_HUFFMAN_TABLE_BYTES). */
export const HUFFMAN_TABLE_BYTES = 128

const PARAMS_TYPE: Readonly<Record<string, string>> = {
  mote_conv2d_s8: 'mote_conv2d_s8_params_t',
  mote_depthwise_conv2d_s8: 'mote_depthwise_conv2d_s8_params_t',
  mote_fully_connected_s8: 'mote_fully_connected_s8_params_t',
  mote_average_pool2d_s8: 'mote_pool2d_s8_params_t',
  mote_max_pool2d_s8: 'mote_pool2d_s8_params_t',
  mote_add_s8: 'mote_add_s8_params_t',
  mote_softmax_s8: 'mote_softmax_s8_params_t',
  mote_requantize_s8: 'mote_requantize_s8_params_t',
  mote_clamp_s8: 'mote_clamp_s8_params_t',
  mote_conv2d_f32: 'mote_conv2d_f32_params_t',
  mote_depthwise_conv2d_f32: 'mote_depthwise_conv2d_f32_params_t',
  mote_fully_connected_f32: 'mote_fully_connected_f32_params_t',
  mote_average_pool2d_f32: 'mote_pool2d_f32_params_t',
  mote_max_pool2d_f32: 'mote_pool2d_f32_params_t',
  mote_add_f32: 'mote_add_f32_params_t',
  mote_softmax_f32: 'mote_softmax_f32_params_t',
  mote_clamp_f32: 'mote_clamp_f32_params_t',
  mote_quantize_f32_s8: 'mote_affine_f32_params_t',
  mote_dequantize_s8_f32: 'mote_affine_f32_params_t',
}

/** Element-wise kernels whose output may be the very same pointer as these inputs (docs/codegen.md). */
const SAME_ADDRESS: Readonly<Record<string, readonly number[]>> = {
  mote_add_s8: [0, 1],
  mote_add_f32: [0, 1],
  mote_softmax_s8: [0],
  mote_softmax_f32: [0],
  mote_requantize_s8: [0],
  mote_clamp_s8: [0],
  mote_clamp_f32: [0],
  mote_quantize_f32_s8: [0],
  mote_dequantize_s8_f32: [0],
}

const tensorArg = (tensor: number): CallArg => (tensor < 0 ? { kind: 'null' } : { kind: 'tensor', tensor })

function constOf(graph: ModelGraph, tensor: number, role: string): ConstArray {
  const data = graph.tensors[tensor]!.data!
  const type =
    data instanceof Float32Array ? 'float' : data instanceof Int32Array ? 'int32_t' : ('int8_t' as const)
  return { type, values: data as ConstArray['values'], role, tensor }
}

const isConstant = (graph: ModelGraph, tensor: number) => graph.tensors[tensor]?.data !== undefined

/** A portable runtime kernel: activations, then weights as const arrays (NULL for an absent bias). */
function portable(graph: ModelGraph, call: KernelCall, op: number): KernelChoice {
  if (call.kernel === 'mote_reshape') {
    const [input = -1] = call.inputs
    const args: CallArg[] = [
      tensorArg(input),
      tensorArg(call.output),
      { kind: 'int', value: call.params.bytes },
    ]
    return {
      ...base(graph, call, op, [input]),
      args,
      overlap: { kind: 'same', positions: [0] },
      aliasOnly: true,
    }
  }
  const roles = ['filter', 'bias']
  let weight = 0
  const inputs = call.inputs.filter((t) => t >= 0 && !isConstant(graph, t))
  const args: CallArg[] = call.inputs.map((t) =>
    t >= 0 && isConstant(graph, t)
      ? { kind: 'const', array: constOf(graph, t, roles[weight++] ?? 'weights') }
      : tensorArg(t),
  )
  const positions = SAME_ADDRESS[call.kernel]
  return {
    ...base(graph, call, op, inputs),
    params: { type: PARAMS_TYPE[call.kernel]!, value: call.params },
    args: [...args, tensorArg(call.output)],
    overlap: positions ? { kind: 'same', positions } : { kind: 'none' },
  }
}

function base(graph: ModelGraph, call: KernelCall, op: number, inputs: readonly number[]) {
  return {
    op,
    kernel: call.kernel as string,
    args: [] as CallArg[],
    inputs,
    output: call.output,
    overlap: { kind: 'none' } as Overlap,
    scratchBytes: 0,
    macs: opMacs(graph, graph.ops[op]!),
  }
}

/** A window in bytes per pixel (int8: one byte per channel), for the in-place analysis. */
export function streamGeometryOf(w: P.MoteWindow): StreamGeometry {
  return {
    batches: w.batches,
    inH: w.input_h,
    inW: w.input_w,
    inC: w.input_c,
    outH: w.output_h,
    outW: w.output_w,
    outC: w.output_c,
    kH: w.filter_h,
    kW: w.filter_w,
    strideH: w.stride_h,
    strideW: w.stride_w,
    dilationH: w.dilation_h,
    dilationW: w.dilation_w,
    padH: w.pad_top,
    padW: w.pad_left,
  }
}

/** The folded bias of a weighted int8 op, stored as the bias tensor it replaces. */
function foldedBias(graph: ModelGraph, call: KernelCall, sums: Int32Array, inputOffset: number): CallArg {
  const biasTensor = call.inputs[2] ?? -1
  const bias = biasTensor >= 0 ? (graph.tensors[biasTensor]!.data as Int32Array) : undefined
  const values = foldBias(sums, bias, inputOffset)
  return {
    kind: 'const',
    array: { type: 'int32_t', values, role: 'bias', ...(biasTensor >= 0 ? { tensor: biasTensor } : {}) },
  }
}

const weightsOf = (graph: ModelGraph, call: KernelCall) => graph.tensors[call.inputs[1]!]!.data as Int8Array

function convChoice(
  graph: ModelGraph,
  call: KernelCall & { kernel: 'mote_conv2d_s8' },
  op: number,
  coded?: CodedWeights,
): KernelChoice {
  const w = call.params.window
  const filter = weightsOf(graph, call)
  const bias = foldedBias(graph, call, blockSums(filter, w.output_c), call.params.requant.input_offset)
  const [input = -1] = call.inputs
  const common = {
    ...base(graph, call, op, [input]),
    params: { type: 'mote_conv2d_s8_params_t', value: call.params },
  }
  const patch = w.filter_h * w.filter_w * w.input_c
  const stream: Overlap = { kind: 'stream', geometry: streamGeometryOf(w) }
  const pointwise = w.filter_h === 1 && w.filter_w === 1 && w.pad_top === 0 && w.pad_left === 0
  if (coded) {
    const codedArgs: CallArg[] = [tensorArg(input), { kind: 'coded', coded }, bias, tensorArg(call.output)]
    const apart: KernelChoice = {
      ...common,
      kernel: 'mote_conv2d_huffman_s8',
      args: [...codedArgs, { kind: 'scratch', at: 0 }],
      scratchBytes: patch + HUFFMAN_TABLE_BYTES,
    }
    return {
      ...common,
      kernel: pointwise ? 'mote_conv2d_1x1_huffman_s8' : 'mote_conv2d_patch_huffman_s8',
      args: [...codedArgs, { kind: 'scratch', at: 0 }, { kind: 'ring-pixels' }],
      overlap: stream,
      scratchBytes: filter.length + HUFFMAN_TABLE_BYTES + (pointwise ? 0 : patch),
      fallback: apart,
    }
  }
  const weights: CallArg = { kind: 'const', array: constOf(graph, call.inputs[1]!, 'filter') }
  const ring: CallArg[] = [{ kind: 'ring' }, { kind: 'ring-pixels' }]
  if (pointwise) {
    const args = [tensorArg(input), weights, bias, tensorArg(call.output), ...ring]
    return { ...common, kernel: 'mote_conv2d_1x1_s8', args, overlap: stream }
  }
  const args = [
    tensorArg(input),
    weights,
    bias,
    tensorArg(call.output),
    { kind: 'scratch', at: 0 } as CallArg,
    ...ring,
  ]
  return { ...common, kernel: 'mote_conv2d_patch_s8', args, overlap: stream, scratchBytes: patch }
}

function depthwiseChoice(
  graph: ModelGraph,
  call: KernelCall & { kernel: 'mote_depthwise_conv2d_s8' },
  op: number,
  coded?: CodedWeights,
): KernelChoice | undefined {
  const w = call.params.window
  if (w.filter_h * w.filter_w > DEPTHWISE_MAX_TAPS) return undefined
  const filter = weightsOf(graph, call)
  const bias = foldedBias(graph, call, interleavedSums(filter, w.output_c), call.params.requant.input_offset)
  const [input = -1] = call.inputs
  const common = {
    ...base(graph, call, op, [input]),
    params: { type: 'mote_depthwise_conv2d_s8_params_t', value: call.params },
    overlap: { kind: 'stream', geometry: streamGeometryOf(w) } as Overlap,
  }
  const tail: CallArg[] = [bias, tensorArg(call.output), { kind: 'scratch', at: 0 }, { kind: 'ring-pixels' }]
  if (coded) {
    const args: CallArg[] = [tensorArg(input), { kind: 'coded', coded }, ...tail]
    return {
      ...common,
      kernel: 'mote_depthwise_conv2d_huffman_s8',
      args,
      scratchBytes: filter.length + w.input_c,
    }
  }
  const kernel =
    w.filter_h === 3 && w.filter_w === 3 ? 'mote_depthwise_conv2d_3x3_s8' : 'mote_depthwise_conv2d_stream_s8'
  const args: CallArg[] = [
    tensorArg(input),
    { kind: 'const', array: constOf(graph, call.inputs[1]!, 'filter') },
    ...tail,
  ]
  return { ...common, kernel, args, scratchBytes: w.input_c }
}

function fullyConnectedChoice(
  graph: ModelGraph,
  call: KernelCall & { kernel: 'mote_fully_connected_s8' },
  op: number,
  coded?: CodedWeights,
): KernelChoice {
  const weights = weightsOf(graph, call)
  const bias = foldedBias(
    graph,
    call,
    blockSums(weights, call.params.units),
    call.params.requant.input_offset,
  )
  const [input = -1] = call.inputs
  const common = {
    ...base(graph, call, op, [input]),
    params: { type: 'mote_fully_connected_s8_params_t', value: call.params },
  }
  if (coded) {
    const args: CallArg[] = [
      tensorArg(input),
      { kind: 'coded', coded },
      bias,
      tensorArg(call.output),
      { kind: 'scratch', at: 0 },
    ]
    return { ...common, kernel: 'mote_fully_connected_huffman_s8', args, scratchBytes: HUFFMAN_TABLE_BYTES }
  }
  const weightsArg: CallArg = { kind: 'const', array: constOf(graph, call.inputs[1]!, 'weights') }
  return {
    ...common,
    kernel: 'mote_fully_connected_folded_s8',
    args: [tensorArg(input), weightsArg, bias, tensorArg(call.output)],
  }
}

/** The portable target's choice for one op (see the file comment). */
export function portableSelect({ graph, op, coded }: SelectionInput): KernelChoice {
  const call = kernelCall(graph, op)
  switch (call.kernel) {
    case 'mote_conv2d_s8':
      return convChoice(graph, call, op, coded)
    case 'mote_depthwise_conv2d_s8':
      return depthwiseChoice(graph, call, op, coded) ?? portable(graph, call, op)
    case 'mote_fully_connected_s8':
      return fullyConnectedChoice(graph, call, op, coded)
    default:
      return portable(graph, call, op)
  }
}
