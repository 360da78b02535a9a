import { describe, expect, it } from 'vitest'
import { readTflite } from '../../../src/core/codegen/tflite/reader'
import { quantizeValue } from '../../../src/core/compress/quantize/params'
import { createInterpreter } from '../../../src/core/compress/reference'
import { lowerModel } from '../../../src/core/model'
import { PRETRAINED_MODELS, pretrainedHead } from '../../../src/core/train/pretrained'
import type { WindowSet } from '../../../src/core/train/window-set'
import { createEmbedder, cutBackbone } from '../../../src/core/transfer/backbone'
import { quantizeHead, stitchGraphs } from '../../../src/core/transfer/combine'
import { createFrozenBackbone } from '../../../src/core/transfer/frozen-backbone'
import { mlperfTinyBytes } from '../../fixtures/mlperf-tiny'

const kws = PRETRAINED_MODELS['mlperf-kws']
const graph = readTflite(mlperfTinyBytes(kws.file))
const inputParams = { scale: 0.5847029089927673, zeroPoint: 83 }
const quantized = (x: Float32Array) => Int8Array.from(x, (v) => quantizeValue(v, inputParams))

/** Seeded feature windows: [49, 10] values from −20 to 20. */
function windows(count: number, seed: number): WindowSet {
  let s = seed
  const next = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) * 40 - 20
  return {
    count,
    featureShape: [49, 10],
    featureSize: 490,
    features: Float32Array.from({ length: count * 490 }, next),
    labels: Int32Array.from({ length: count }, (_, i) => i % 3),
    refs: Array.from({ length: count }, (_, i) => ({ sampleId: `s${i}`, window: 0, copy: 0 })),
  }
}

const head = lowerModel(pretrainedHead(kws, 3), {
  head_hidden: {
    kernel: Float32Array.from({ length: 64 * 64 }, (_, i) => Math.cos(i) / 8),
    bias: Float32Array.from({ length: 64 }, (_, i) => (i % 5) / 20),
  },
  head_dense: {
    kernel: Float32Array.from({ length: 64 * 3 }, (_, i) => Math.sin(i) / 4),
    bias: Float32Array.from([0.1, -0.2, 0.05]),
  },
})

describe('a frozen MLPerf KWS backbone with a new head', () => {
  it('is the model up to the 64 values its last dense layer reads, computed as the whole model computes them', () => {
    const backbone = cutBackbone(graph, kws.file)
    expect(backbone.tensors[backbone.outputs[0]!]!.shape.reduce((a, b) => a * b, 1)).toBe(64)
    expect(graph.ops.slice(backbone.ops.length).map((op) => op.kind)).toEqual(['fullyConnected', 'softmax'])
    const embedder = createEmbedder(backbone)
    const fc = graph.ops.findLast((op) => op.kind === 'fullyConnected')!
    const whole = createInterpreter(graph)
    const set = windows(2, 3)
    for (let w = 0; w < set.count; w++) {
      const x = set.features.subarray(w * 490, (w + 1) * 490)
      const values = whole.runAll([quantized(x)])
      expect(Array.from(embedder.embedInt8(x))).toEqual(Array.from(values[fc.inputs[0]!] as Int8Array))
    }
  })

  it('joins the trained head as one int8 graph that computes backbone-then-head byte for byte', async () => {
    const frozen = createFrozenBackbone(graph, kws)
    const set = windows(6, 11)
    const embedded = await frozen.embed(set)
    expect(embedded.featureShape).toEqual([64])
    expect(Array.from(embedded.labels)).toEqual(Array.from(set.labels))
    const { int8, float } = frozen.combine(head, embedded)
    expect(float.tensors.filter((t) => t.data === undefined).every((t) => t.dtype === 'float32')).toBe(true)
    // The same head quantized on its own, run on the backbone's int8 embedding, step by step.
    const embedder = createEmbedder(cutBackbone(graph, kws.file))
    const rows = Array.from({ length: embedded.count }, (_, w) =>
      embedded.features.slice(w * 64, (w + 1) * 64),
    )
    const int8Head = createInterpreter(quantizeHead(head, rows, embedder.outputParams))
    const combined = createInterpreter(int8)
    for (let w = 0; w < set.count; w++) {
      const x = set.features.subarray(w * 490, (w + 1) * 490)
      const stepwise = int8Head.run([embedder.embedInt8(x)])[0] as Int8Array
      expect(Array.from(combined.run([quantized(x)])[0] as Int8Array)).toEqual(Array.from(stepwise))
    }
  })

  it('refuses to join a head whose input quantization differs from the backbone output', () => {
    const backbone = cutBackbone(graph, kws.file)
    const rows = [Float32Array.from({ length: 64 }, (_, i) => i / 10)]
    const other = quantizeHead(head, rows, { scale: 0.5, zeroPoint: 0 })
    expect(() => stitchGraphs(backbone, other, 'x')).toThrow(/other quantization/)
  })
})
