import { CompressErrorCode } from '../../../../src/shared/api/compress'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ModelGraph } from '../../../../src/core/model/graph'
import { clusterAndFineTune, initialClusters } from '../../../../src/core/compress/cluster/cluster-graph'
import { codeWeights, codedBytes } from '../../../../src/core/compress/cluster/huffman-weights'
import { huffmanDecode } from '../../../../src/core/compress/huffman/huffman'
import { postTrainingQuantize } from '../../../../src/core/compress/ptq/ptq'
import { evaluateGraph } from '../../../../src/core/compress/variants/evaluate'
import { weightsFlashBytes } from '../../../../src/core/compress/variants/metrics'
import { LABELS, SETTINGS, test, train, trainedTask, validation } from '../qat/synthetic-task'

let float: ModelGraph
beforeAll(async () => {
  float = await trainedTask()
})

describe('initial clusters of one layer', () => {
  it('uses 2^bits centres for a dense layer', () => {
    const values = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i))
    const { centroids, indices, frozen } = initialClusters(values, 2, 'layer')
    expect(centroids).toHaveLength(4)
    expect(Math.max(...indices)).toBe(3)
    expect(frozen.size).toBe(0)
  })

  it('keeps the zeros of a pruned layer exactly, as a frozen centre of their own', () => {
    const values = Float32Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? Math.cos(i) : 0))
    const { centroids, indices, frozen } = initialClusters(values, 2, 'layer')
    expect(centroids).toHaveLength(4)
    expect(centroids[3]).toBe(0)
    expect([...frozen]).toEqual([3])
    values.forEach((v, i) => expect(indices[i] === 3).toBe(v === 0))
  })

  it('keeps a layer that already has few distinct values as it is', () => {
    const values = Float32Array.from({ length: 40 }, (_, i) => [0.5, -0.25, 1][i % 3]!)
    const { centroids, indices } = initialClusters(values, 3, 'layer')
    values.forEach((v, i) => expect(centroids[indices[i]!]).toBe(v))
  })

  it('refuses more clusters than a layer has weights, naming the layer (14201)', () => {
    expect(() =>
      initialClusters(
        new Float32Array(10).map((_, i) => i),
        4,
        'dense2/weights',
      ),
    ).toThrow(/"dense2\/weights" has 10 weights, fewer than the 16 clusters.*at most 3 bits/)
    expect(() => initialClusters(new Float32Array(10), 9, 'x')).toThrow(
      expect.objectContaining({ code: CompressErrorCode.BadClusterBits }),
    )
  })
})

describe('clustering with centroid fine-tuning, then int8 and Huffman coding', () => {
  it('leaves at most 2^bits values per layer, keeps accuracy, and codes the int8 weights losslessly in fewer bytes', async () => {
    const result = await clusterAndFineTune(float, train, validation, 3, {
      ...SETTINGS,
      epochs: 4,
      learningRate: 0.002,
      bits: 3,
    })
    for (const t of result.tensors)
      expect(new Set(result.floatGraph.tensors[t]!.data).size).toBeLessThanOrEqual(8)
    const q = postTrainingQuantize(result.floatGraph, train, LABELS, {
      perTensorWeights: new Set(result.tensors),
    })
    expect(evaluateGraph(q.graph, test as never, LABELS).accuracy).toBeGreaterThanOrEqual(0.95)
    const coded = result.tensors.map((t) => codeWeights(q.graph, t))
    // conv2 (192 weights) and the dense layer (192) are large enough for coding to pay for its header.
    for (const c of coded.filter((c) => q.graph.tensors[c.tensor]!.data!.length > 100))
      expect(codedBytes(c)).toBeLessThan(q.graph.tensors[c.tensor]!.data!.length)
    for (const c of coded) {
      const weights = q.graph.tensors[c.tensor]!.data as Int8Array
      expect(q.graph.tensors[c.tensor]!.quantization!.scale).toHaveLength(1)
      expect(c.codebook.length).toBeLessThanOrEqual(8)
      const decoded = huffmanDecode(c.block)
      expect(Int8Array.from(decoded, (i) => c.codebook[i]!)).toEqual(weights)
    }
    expect(
      weightsFlashBytes(
        q.graph,
        coded.filter((c) => codedBytes(c) < c.codebook.length + q.graph.tensors[c.tensor]!.data!.length),
      ),
    ).toBeLessThan(weightsFlashBytes(q.graph))
  })
})
