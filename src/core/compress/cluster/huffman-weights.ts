/**
 * Huffman coding of a quantized graph's clustered weights, in docs/model-format.md's byte format: per
 * tensor, an int8 codebook (its distinct int8 values, ascending — at most 2^bits after clustering with one
 * weight scale per tensor) and the Huffman block of the codebook index of every weight, in the tensor's
 * element order. Every block is decoded again and compared before it is returned.
 */
import type { ModelGraph } from '../../model/graph'
import { huffmanDecode, huffmanEncode } from '../huffman/huffman'

export interface CodedWeights {
  readonly tensor: number
  readonly name: string
  readonly codebook: Int8Array
  readonly block: Uint8Array
}

export function codeWeights(graph: ModelGraph, tensor: number): CodedWeights {
  const t = graph.tensors[tensor]!
  if (!(t.data instanceof Int8Array))
    throw new Error(`Tensor "${t.name}" is not int8; quantize before coding.`)
  const codebook = Int8Array.from([...new Set(t.data)].sort((a, b) => a - b))
  const position = new Map([...codebook].map((v, i) => [v, i]))
  const indices = Uint8Array.from(t.data, (v) => position.get(v)!)
  const block = huffmanEncode(indices)
  const decoded = huffmanDecode(block)
  if (decoded.length !== indices.length || decoded.some((v, i) => codebook[v] !== t.data![i]))
    throw new Error(`Huffman round trip failed for "${t.name}".`)
  return { tensor, name: t.name, codebook, block }
}

/** Bytes in flash of a coded tensor: its Huffman block plus its int8 codebook. */
export const codedBytes = (c: CodedWeights) => c.block.length + c.codebook.length
