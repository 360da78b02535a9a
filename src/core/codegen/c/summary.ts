/**
 * What a generated model occupies and does, for the estimator, the deploy step and the UI: the arena (and
 * TensorFlow Lite Micro's greedy plan of the same graph, for comparison), the flash its constants take, and
 * per op the kernel chosen, its MACs and whether it runs in place.
 */
import type { ModelGraph, OpKind } from '../../model/graph'
import type { EmittedModel } from './emit-model'
import type { CodegenTarget, KernelChoice } from './kernel-choice'
import type { ModelMemory } from './model-memory'

export interface OpCodeSummary {
  readonly op: number
  readonly kind: OpKind
  /** The C function, or `alias` for a RESHAPE that costs nothing. */
  readonly kernel: string
  readonly macs: number
  readonly inPlace: boolean
  readonly ringPixels: number
  readonly scratchBytes: number
  /** Flash of the weights this op brings (filters, biases, coded blocks; 0 for a shared tensor's second use). */
  readonly weightBytes: number
}

export interface ModelCodeSummary {
  readonly prefix: string
  readonly target: CodegenTarget
  readonly contentHash: string
  /** The static arena the generated code allocates: tensors and scratch. */
  readonly arenaBytes: number
  /** The largest total live during one op: no placement of the same buffers is smaller. */
  readonly arenaLowerBoundBytes: number
  /** True when the arena is proven minimal for its buffers. */
  readonly arenaOptimal: boolean
  /** TensorFlow Lite Micro's greedy plan of the same graph (no in-place ops, 16-byte alignment). */
  readonly tflmGreedyArenaBytes: number
  /**
   * Flash of the weights as the variant table counts them: filters and biases as stored (a folded bias is
   * as large as the bias it replaces), Huffman blocks plus codebooks for coded tensors.
   */
  readonly weightBytes: number
  /** Flash of every constant array: the weights plus requantization multipliers and shifts. */
  readonly constantBytes: number
  readonly macs: number
  readonly ops: readonly OpCodeSummary[]
}

export interface SummaryInput {
  readonly graph: ModelGraph
  readonly choices: readonly KernelChoice[]
  readonly memory: ModelMemory
  readonly emitted: EmittedModel
  readonly prefix: string
  readonly contentHash: string
  readonly target: CodegenTarget
}

export function summarize(input: SummaryInput): ModelCodeSummary {
  const { memory, emitted } = input
  const ops = input.choices.map((choice): OpCodeSummary => {
    const placement = memory.placements[choice.op]!
    return {
      op: choice.op,
      kind: input.graph.ops[choice.op]!.kind,
      kernel: choice.aliasOnly ? 'alias' : choice.kernel,
      macs: choice.macs,
      inPlace: placement.overwrites !== undefined,
      ringPixels: placement.ringPixels,
      scratchBytes: placement.scratchBytes,
      weightBytes: emitted.opWeightBytes.get(choice.op) ?? 0,
    }
  })
  return {
    prefix: input.prefix,
    target: input.target,
    contentHash: input.contentHash,
    arenaBytes: memory.plan.peakBytes,
    arenaLowerBoundBytes: memory.plan.lowerBoundBytes,
    arenaOptimal: memory.plan.optimal,
    tflmGreedyArenaBytes: memory.tflmGreedyBytes,
    weightBytes: emitted.weightBytes,
    constantBytes: emitted.constantBytes,
    macs: ops.reduce((sum, o) => sum + o.macs, 0),
    ops,
  }
}
