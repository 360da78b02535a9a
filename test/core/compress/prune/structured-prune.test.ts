import { CompressErrorCode } from '../../../../src/shared/api/compress'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ModelGraph, Tensor } from '../../../../src/core/model/graph'
import { channelFlow, removeChannels } from '../../../../src/core/compress/prune/channel-surgery'
import { pruneChannels, structuredPrune } from '../../../../src/core/compress/prune/structured-prune'
import { createInterpreter } from '../../../../src/core/compress/reference/interpreter'
import { graphStats } from '../../../../src/core/compress/reference/graph-stats'
import { evaluateGraph } from '../../../../src/core/compress/variants/evaluate'
import { smallFloatGraph } from '../ptq/float-graph-fixture'
import { LABELS, SETTINGS, test, train, trainedTask, validation } from '../qat/synthetic-task'

let float: ModelGraph
beforeAll(async () => {
  float = await trainedTask()
})

/** The graph with the weights and bias of `channels` of a producer's output set to zero (nothing removed). */
function zeroChannels(graph: ModelGraph, producer: number, channels: readonly number[]): ModelGraph {
  const op = graph.ops[producer]!
  const tensors: Tensor[] = [...graph.tensors]
  const filter = graph.tensors[op.inputs[1]!]!
  const per = filter.data!.length / filter.shape[0]!
  const data = Float32Array.from(filter.data as Float32Array)
  for (const c of channels) data.fill(0, c * per, (c + 1) * per)
  tensors[op.inputs[1]!] = { ...filter, data }
  const bias = graph.tensors[op.inputs[2]!]!
  tensors[op.inputs[2]!] = {
    ...bias,
    data: (bias.data as Float32Array).map((b, c) => (channels.includes(c) ? 0 : b)),
  }
  return { ...graph, tensors }
}

describe('removing whole filters from a graph', () => {
  it('gives exactly the outputs of the original with those filters zeroed (conv → pool → conv, and conv → flatten → dense)', () => {
    for (const [producer, removed] of [
      [0, [1, 4, 5]],
      [2, [0, 7]],
    ] as const) {
      const keep = Array.from({ length: 8 }, (_, c) => c).filter(
        (c) => !(removed as readonly number[]).includes(c),
      )
      const smaller = removeChannels(float, producer, keep)
      const reference = createInterpreter(zeroChannels(float, producer, removed))
      const pruned = createInterpreter(smaller)
      for (let w = 0; w < 10; w++) {
        const x = test.features.subarray(w * 32, (w + 1) * 32)
        const a = reference.run([x])[0] as Float32Array
        const b = pruned.run([x])[0] as Float32Array
        a.forEach((v, k) => expect(b[k]).toBeCloseTo(v, 5))
      }
    }
  })

  it('shrinks shapes, parameters and MACs by exactly the removed channels', () => {
    const { graph, removed } = pruneChannels(float, 0.5)
    expect(removed).toEqual([
      { layer: 'conv1', from: 8, to: 4 },
      { layer: 'conv2', from: 8, to: 4 },
    ])
    expect(graph.tensors.find((t) => t.name === 'flatten')!.shape).toEqual([1, 32])
    expect([...(graph.tensors.find((t) => t.name === 'flatten/shape')!.data as Int32Array)]).toEqual([1, 32])
    // conv1 3·2·4 + 4, conv2 3·4·4 + 4, dense 32·3 + 3
    expect(graphStats(graph).params).toBe(28 + 52 + 99)
    expect(graphStats(graph).macs).toBe(16 * 4 * 6 + 8 * 4 * 12 + 3 * 32)
  })

  it('keeps the filters with the largest L1 norms', () => {
    const norms = Array.from({ length: 8 }, (_, c) =>
      [...(float.tensors[1]!.data as Float32Array).subarray(c * 6, (c + 1) * 6)].reduce(
        (a, b) => a + Math.abs(b),
        0,
      ),
    )
    const strongest = [...norms.keys()]
      .sort((a, b) => norms[b]! - norms[a]!)
      .slice(0, 4)
      .sort()
    const { graph } = pruneChannels(float, 0.5)
    const kept = graph.tensors[1]!.data as Float32Array
    strongest.forEach((c, i) =>
      expect([...kept.subarray(i * 6, (i + 1) * 6)]).toEqual([
        ...(float.tensors[1]!.data as Float32Array).subarray(c * 6, (c + 1) * 6),
      ]),
    )
  })

  it('never prunes the classifier output, nor a layer whose channels reach a residual add', () => {
    expect(channelFlow(float, 4)).toBeUndefined()
    const residual = smallFloatGraph()
    expect(channelFlow(residual, 0)).toBeUndefined() // conv1 → dw → pool → add
    expect(channelFlow(residual, 3)).toBeUndefined() // conv2 → add
    expect(channelFlow(residual, 7)).toBeDefined() // dense1 → dense2
  })

  it('refuses a share of 1 or more (14303)', () => {
    expect(() => pruneChannels(float, 1)).toThrow(
      expect.objectContaining({ code: CompressErrorCode.BadFilterFraction }),
    )
  })

  it('fine-tunes the smaller model back to the float accuracy', async () => {
    const result = await structuredPrune(float, train, validation, 3, {
      ...SETTINGS,
      epochs: 6,
      learningRate: 0.005,
      fraction: 0.5,
    })
    expect(evaluateGraph(result.floatGraph, test as never, LABELS).accuracy).toBeGreaterThanOrEqual(0.95)
    expect(graphStats(result.floatGraph).params).toBeLessThan(graphStats(float).params / 1.8)
  })
})
