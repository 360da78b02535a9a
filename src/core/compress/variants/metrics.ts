/**
 * The size figures of a variant, from its graph alone:
 * - parameters: weights + biases of conv, depthwise and dense ops (graphStats, MLPerf Tiny's rule);
 * - weights flash: the bytes of those constants as stored — 4 per float32 value, 1 per int8 weight, 4 per
 *   int32 bias — except clustered tensors, which cost their Huffman block plus their int8 codebook
 *   (docs/model-format.md). Quantization scales, multipliers and op metadata are not counted (tens of
 *   bytes per layer, the same for every int8 variant);
 * - peak activation memory: the static arena plan's peak (graph-memory.ts, 16-byte alignment, reshapes
 *   in place);
 * - MACs per inference (graphStats).
 */
import type { ModelGraph } from '../../model/graph'
import { planArena } from '../../model/graph-memory'
import { codedBytes, type CodedWeights } from '../cluster/huffman-weights'
import { prunableWeights } from '../prune/prunable'
import { graphStats } from '../reference/graph-stats'

export interface SizeMetrics {
  readonly params: number
  readonly weightsFlashBytes: number
  readonly peakActivationBytes: number
  readonly macs: number
  readonly sparsity: number
}

const WEIGHTED = new Set(['conv2d', 'depthwiseConv2d', 'fullyConnected'])

export function weightsFlashBytes(graph: ModelGraph, coded: readonly CodedWeights[] = []): number {
  const codedBy = new Map(coded.map((c) => [c.tensor, codedBytes(c)]))
  const counted = new Set<number>()
  let bytes = 0
  for (const op of graph.ops) {
    if (!WEIGHTED.has(op.kind)) continue
    for (const t of op.inputs.slice(1)) {
      if (t < 0 || counted.has(t)) continue
      counted.add(t)
      bytes += codedBy.get(t) ?? graph.tensors[t]!.data?.byteLength ?? 0
    }
  }
  return bytes
}

/** Share of exact zeros over the prunable weight tensors (int8 zeros for a quantized graph). */
export function weightSparsity(graph: ModelGraph): number {
  let zeros = 0
  let total = 0
  for (const t of prunableWeights(graph)) {
    const data = graph.tensors[t]!.data!
    total += data.length
    for (const v of data) if (v === 0) zeros++
  }
  return total === 0 ? 0 : zeros / total
}

export function sizeMetrics(graph: ModelGraph, coded: readonly CodedWeights[] = []): SizeMetrics {
  const stats = graphStats(graph)
  return {
    params: stats.params,
    weightsFlashBytes: weightsFlashBytes(graph, coded),
    peakActivationBytes: planArena(graph).peakBytes,
    macs: stats.macs,
    sparsity: weightSparsity(graph),
  }
}
