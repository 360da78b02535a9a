import { ARENA_ALIGNMENT } from '../codegen/c/generate'
import { planModelMemory } from '../codegen/c/model-memory'
import { selectKernel } from '../codegen/c/selectors'
import type { ModelGraph, Op, Tensor } from '../model/graph'
import { activationMemory } from '../model/memory'
import type { KernelClass } from './cost-model'

/**
 * A model as the estimator sees it: per op, the kernel class that runs it, its MACs and output elements in
 * the precision it runs in; and what it stores (weights in flash, activations in the arena). Built once per
 * design or variant change; evaluating it on every board is then a few multiplications per op.
 */

export type OpPrecision = 'int8' | 'float32'

export interface OpWork {
  readonly op: number
  readonly kind: Op['kind']
  /** `alias`: a RESHAPE, which the generated code does not call (its output is its input's bytes). */
  readonly kernelClass: KernelClass | 'alias'
  readonly precision: OpPrecision
  readonly macs: number
  readonly outputs: number
  /** Output positions of a window kernel (outputs / channels); 0 for the others. */
  readonly pixels: number
  /** Input values a patch convolution gathers: pixels · kh · kw · inC; 0 for the others. */
  readonly patchValues: number
}

/**
 * Where the arena figure comes from: the code generator's planner (a variant's figure, or the plan of an int8
 * graph with the portable kernels, as the deploy firmware allocates it), or tensor lifetimes (an upper bound,
 * for a float graph estimated as an int8 deployment).
 */
export type ArenaBasis = 'planner' | 'lifetimes'

export interface ModelWorkload {
  readonly ops: readonly OpWork[]
  readonly macs: number
  /** Flash of weights and biases as stored (after compression: Huffman blocks and codebooks). */
  readonly weightBytes: number
  /** Flash of the requantization multipliers and shifts (8 bytes per output channel of an int8 weighted op). */
  readonly quantBytes: number
  readonly arenaBytes: number
  readonly arenaBasis: ArenaBasis
  /** Kernel classes called, for the runtime's code size. */
  readonly kernels: ReadonlySet<string>
}

export interface ModelWorkloadOptions {
  /**
   * Estimate an int8 deployment of a float graph (the Design view's planned graph, before compression):
   * weights 1 byte, biases 4, activations 1 byte per element.
   */
  readonly asInt8?: boolean
  /** The variant's own weights figure (clustering and Huffman coding shrink it). */
  readonly weightBytes?: number
  /** The memory planner's peak, when known. */
  readonly arenaBytes?: number
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1)
const DTYPE_BYTES = { float32: 4, int8: 1, int16: 2, int32: 4, uint8: 1 } as const

function kernelClassOf(op: Op, filter: Tensor | undefined): KernelClass | 'alias' {
  switch (op.kind) {
    case 'conv2d':
      return filter!.shape[1] === 1 && filter!.shape[2] === 1 ? 'conv1x1' : 'convPatch'
    case 'depthwiseConv2d':
      return 'depthwise'
    case 'fullyConnected':
      return 'fullyConnected'
    case 'averagePool2d':
    case 'maxPool2d':
      return 'pool'
    case 'add':
      return 'add'
    case 'softmax':
      return 'softmax'
    case 'reshape':
      return 'alias'
    default:
      return 'elementwise'
  }
}

function macsOf(op: Op, outputs: number, filter: Tensor | undefined): number {
  switch (op.kind) {
    case 'conv2d':
      return outputs * filter!.shape[1]! * filter!.shape[2]! * filter!.shape[3]!
    case 'depthwiseConv2d':
      return outputs * filter!.shape[1]! * filter!.shape[2]!
    case 'fullyConnected':
      return outputs * filter!.shape[1]!
    case 'averagePool2d':
    case 'maxPool2d':
      return outputs * op.filterH * op.filterW
    default:
      return 0
  }
}

const WEIGHTED = new Set<Op['kind']>(['conv2d', 'depthwiseConv2d', 'fullyConnected'])
const WINDOW = new Set<KernelClass | 'alias'>(['conv1x1', 'convPatch', 'depthwise', 'pool'])

/** Weight and bias bytes of one weighted op as an int8 deployment stores them, or as the graph holds them. */
function opWeightBytes(graph: ModelGraph, op: Op, asInt8: boolean): number {
  const [, filter, bias] = op.inputs.map((t) => (t >= 0 ? graph.tensors[t] : undefined))
  const bytesOf = (t: Tensor | undefined, int8Bytes: number) =>
    t === undefined ? 0 : size(t.shape) * (asInt8 ? int8Bytes : DTYPE_BYTES[t.dtype])
  return bytesOf(filter, 1) + bytesOf(bias, 4)
}

/** The estimator's view of a graph (ops in execution order). */
export function modelWorkload(graph: ModelGraph, options: ModelWorkloadOptions = {}): ModelWorkload {
  const asInt8 = options.asInt8 === true
  let weightBytes = 0
  let quantBytes = 0
  const kernels = new Set<string>()
  const ops = graph.ops.map((op, index): OpWork => {
    const filter = WEIGHTED.has(op.kind) ? graph.tensors[op.inputs[1]!] : undefined
    const outputTensor = graph.tensors[op.outputs[0]!]!
    const outputs = size(outputTensor.shape)
    const inputDtype = graph.tensors[op.inputs[0]!]!.dtype
    const precision: OpPrecision = asInt8 || inputDtype === 'int8' ? 'int8' : 'float32'
    const kernelClass = kernelClassOf(op, filter)
    if (WEIGHTED.has(op.kind)) {
      weightBytes += opWeightBytes(graph, op, asInt8)
      if (precision === 'int8') quantBytes += 8 * outputTensor.shape[outputTensor.shape.length - 1]!
    }
    if (kernelClass !== 'alias') kernels.add(`${kernelClass}:${precision}`)
    const macs = macsOf(op, outputs, filter)
    const channels = outputTensor.shape[outputTensor.shape.length - 1]!
    const pixels = WINDOW.has(kernelClass) ? outputs / channels : 0
    const patchValues = kernelClass === 'convPatch' ? macs / channels : 0
    return { op: index, kind: op.kind, kernelClass, precision, macs, outputs, pixels, patchValues }
  })
  const planned = options.arenaBytes ?? (asInt8 ? undefined : plannedArenaBytes(graph))
  return {
    ops,
    macs: ops.reduce((n, o) => n + o.macs, 0),
    weightBytes: options.weightBytes ?? weightBytes,
    quantBytes,
    arenaBytes: planned ?? lifetimesPeak(graph, asInt8),
    arenaBasis: planned === undefined ? 'lifetimes' : 'planner',
    kernels,
  }
}

/**
 * The arena the generated code allocates for an int8 graph: the code generator's own plan with the portable
 * kernels (in-place ops, rings, scratch). Undefined for a float graph (no int8 kernels to plan with).
 */
function plannedArenaBytes(graph: ModelGraph): number | undefined {
  const activations = graph.tensors.filter((t) => t.data === undefined)
  if (!activations.every((t) => t.dtype === 'int8')) return undefined
  const choices = graph.ops.map((_, op) => selectKernel('portable', { graph, op }))
  return planModelMemory(graph, choices, ARENA_ALIGNMENT).plan.peakBytes
}

/** activationMemory's bound: every element 1 byte for an int8 deployment, 4 for a float32 graph. */
function lifetimesPeak(graph: ModelGraph, asInt8: boolean): number {
  const memory = activationMemory(graph)
  return asInt8 ? memory.peakBytesInt8 : memory.peakBytesFloat32
}
