import type { ModelGraph } from './graph'
import { analyzeModel, type ModelReport } from './analyze'
import { planModelGraph } from './lower'
import { activationMemory, type ActivationMemory } from './memory'
import type { ModelSpec } from './spec'

export interface DeployedCounts {
  /** Weights and biases of the conv/depthwise/fully-connected ops after folding (MLPerf's "parameters"). */
  readonly params: number
  readonly weightParams: number
  readonly biasParams: number
  readonly macs: number
  readonly ops: number
}

export interface ModelSummary {
  readonly report: ModelReport
  readonly deployed: DeployedCounts
  readonly activation: ActivationMemory
  /** Constant bytes after lowering: float32 weights and biases. */
  readonly weightBytesFloat32: number
  /** The same after int8 quantization: int8 weights, int32 biases (before any compression). */
  readonly weightBytesInt8: number
}

/** Deployed counts of a lowered graph (planned or trained). */
export function deployedCounts(graph: ModelGraph): DeployedCounts {
  let weightParams = 0
  let biasParams = 0
  let macs = 0
  const size = (t: number) => (t < 0 ? 0 : graph.tensors[t]!.shape.reduce((a, b) => a * b, 1))
  for (const op of graph.ops) {
    if (op.kind !== 'conv2d' && op.kind !== 'depthwiseConv2d' && op.kind !== 'fullyConnected') continue
    const filter = graph.tensors[op.inputs[1]!]!.shape
    const out = size(op.outputs[0]!)
    weightParams += size(op.inputs[1]!)
    biasParams += size(op.inputs[2] ?? -1)
    macs +=
      op.kind === 'conv2d'
        ? out * filter[1]! * filter[2]! * filter[3]!
        : op.kind === 'depthwiseConv2d'
          ? out * filter[1]! * filter[2]!
          : out * filter[1]!
  }
  return { params: weightParams + biasParams, weightParams, biasParams, macs, ops: graph.ops.length }
}

/**
 * Everything the Design view shows about a model, live as the user edits: per-layer shapes, params and MACs
 * (the trainable model), deployed counts after batch-norm folding, and activation memory (memory.ts).
 * Throws the analysis's or lowering's `MoteFailure` for a spec that does not work.
 */
export function summarizeModel(spec: ModelSpec): ModelSummary {
  const report = analyzeModel(spec)
  const graph = planModelGraph(spec)
  const deployed = deployedCounts(graph)
  return {
    report,
    deployed,
    activation: activationMemory(graph),
    weightBytesFloat32: deployed.params * 4,
    weightBytesInt8: deployed.weightParams + deployed.biasParams * 4,
  }
}
