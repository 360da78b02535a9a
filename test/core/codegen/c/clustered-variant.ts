/**
 * A clustered + Huffman-coded variant of an int8 graph, shaped as the compress step makes one
 * (src/core/compress/variants/run-method.ts): every prunable weight tensor snapped to at most 2^bits int8
 * values (evenly spaced between its extremes, as k-means starts), Huffman-coded with the project's own
 * coder, and kept coded only where that is smaller than plain int8.
 */
import {
  codeWeights,
  codedBytes,
  type CodedWeights,
} from '../../../../src/core/compress/cluster/huffman-weights'
import { prunableWeights } from '../../../../src/core/compress/prune/prunable'
import { runMethod } from '../../../../src/core/compress/variants/run-method'
import type { ModelGraph, Tensor } from '../../../../src/core/model/graph'
import { methodInputs, trainedTask } from '../../compress/qat/synthetic-task'

function snapped(data: Int8Array, bits: number): Int8Array {
  const min = Math.min(...data)
  const max = Math.max(...data)
  const k = 2 ** bits
  const centres = Array.from({ length: k }, (_, i) => Math.round(min + ((max - min) * i) / (k - 1)))
  return Int8Array.from(data, (v) => centres.reduce((a, b) => (Math.abs(b - v) < Math.abs(a - v) ? b : a)))
}

export function clusteredVariant(graph: ModelGraph, bits = 4): { graph: ModelGraph; coded: CodedWeights[] } {
  const weights = new Set(prunableWeights(graph))
  const tensors: Tensor[] = graph.tensors.map((t, i) =>
    weights.has(i) ? { ...t, data: snapped(t.data as Int8Array, bits) } : t,
  )
  const clustered = { ...graph, tensors }
  const coded = [...weights]
    .map((t) => codeWeights(clustered, t))
    .filter((c) => codedBytes(c) < clustered.tensors[c.tensor]!.data!.length)
  return { graph: clustered, coded }
}

/**
 * A variant made by the compress step itself (run-method.ts) from the synthetic 1-D CNN of the compression
 * tests: 4-bit clusters fine-tuned 2 epochs, Huffman-coded where that saves bytes (conv2 and the dense
 * layer), plain int8 elsewhere (conv1).
 */
export async function compressStepClusteredVariant(): Promise<{ graph: ModelGraph; coded: CodedWeights[] }> {
  const outcome = await runMethod('cluster', { bits: 4, epochs: 2 }, methodInputs(await trainedTask()))
  return { graph: outcome.graph, coded: [...outcome.coded] }
}
