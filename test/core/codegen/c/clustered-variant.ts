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
import type { ModelGraph, Tensor } from '../../../../src/core/model/graph'

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
