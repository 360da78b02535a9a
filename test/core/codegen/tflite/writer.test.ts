import { CodegenErrorCode } from '../../../../src/shared/api/codegen'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { ByteBuffer } from 'flatbuffers'
import { describe, expect, it } from 'vitest'
import { isMoteFailure } from '../../../../src/shared/errors'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import { TableReader } from '../../../../src/core/codegen/tflite/table-reader'
import { writeTflite } from '../../../../src/core/codegen/tflite/writer'
import { createInterpreter } from '../../../../src/core/compress/reference/interpreter'
import type { ModelGraph, Op, Tensor } from '../../../../src/core/model/graph'
import { MLPERF_TINY_DIR } from '../../../fixtures/mlperf-tiny'

const MODELS_DIR = MLPERF_TINY_DIR
const FILES = [
  'kws_ref_model.tflite',
  'vww_96_int8.tflite',
  'pretrainedResnet_quant.tflite',
  'ad01_int8.tflite',
]

const q = (scale: number[], zeroPoint: number[], axis?: number) =>
  axis === undefined
    ? { scale: scale.map(Math.fround), zeroPoint }
    : { scale: scale.map(Math.fround), zeroPoint, axis }

/** A graph using every op kind and option the writer must express, in int8 and float32 forms. */
function everyOpGraph(): ModelGraph {
  const t = (name: string, shape: number[], dtype: Tensor['dtype'], extra: Partial<Tensor> = {}): Tensor => ({
    name,
    shape,
    dtype,
    ...extra,
  })
  const tensors: Tensor[] = [
    t('input', [1, 4, 4, 2], 'float32'),
    t('xq', [1, 4, 4, 2], 'int8', { quantization: q([0.1], [-3]) }),
    t('conv_w', [3, 3, 3, 2], 'int8', {
      data: Int8Array.from({ length: 54 }, (_, i) => i - 27),
      quantization: q([0.01, 0.02, 0.03], [0, 0, 0], 0),
    }),
    t('conv_b', [3], 'int32', {
      data: new Int32Array([1, -2, 3]),
      quantization: q([0.001, 0.002, 0.003], [0, 0, 0], 0),
    }),
    t('conv', [1, 2, 4, 3], 'int8', { quantization: q([0.2], [5]) }),
    t('dw_w', [1, 2, 2, 6], 'int8', {
      data: Int8Array.from({ length: 24 }, (_, i) => 12 - i),
      quantization: q([0.1, 0.1, 0.2, 0.2, 0.3, 0.3], [0, 0, 0, 0, 0, 0], 3),
    }),
    t('dw', [1, 2, 4, 6], 'int8', { quantization: q([0.3], [0]) }),
    t('pool', [1, 1, 2, 6], 'int8', { quantization: q([0.3], [0]) }),
    t('max', [1, 1, 2, 6], 'int8', { quantization: q([0.3], [0]) }),
    t('sum', [1, 1, 2, 6], 'int8', { quantization: q([0.5], [-1]) }),
    t('relu', [1, 1, 2, 6], 'int8', { quantization: q([0.5], [-1]) }),
    t('relu6', [1, 1, 2, 6], 'int8', { quantization: q([0.5], [-1]) }),
    t('shape', [2], 'int32', { data: new Int32Array([1, 12]) }),
    t('flat', [1, 12], 'int8', { quantization: q([0.5], [-1]) }),
    t('fc_w', [4, 12], 'int8', {
      data: Int8Array.from({ length: 48 }, (_, i) => (i * 7) % 11),
      quantization: q([0.05], [0]),
    }),
    t('logits', [1, 4], 'int8', { quantization: q([0.25], [3]) }),
    t('probs', [1, 4], 'int8', { quantization: q([1 / 256], [-128]) }),
    t('requant', [1, 4], 'int8', { quantization: q([1 / 128], [0]) }),
    t('output', [1, 4], 'float32'),
    t('flat2', [4], 'float32'),
  ]
  const ops: Op[] = [
    { kind: 'quantize', inputs: [0], outputs: [1] },
    {
      kind: 'conv2d',
      inputs: [1, 2, 3],
      outputs: [4],
      strideH: 2,
      strideW: 1,
      dilationH: 1,
      dilationW: 2,
      padding: 'same',
      activation: 'relu6',
    },
    {
      kind: 'depthwiseConv2d',
      inputs: [4, 5, -1],
      outputs: [6],
      strideH: 1,
      strideW: 1,
      dilationH: 1,
      dilationW: 1,
      depthMultiplier: 2,
      padding: 'same',
      activation: 'relu',
    },
    {
      kind: 'averagePool2d',
      inputs: [6],
      outputs: [7],
      filterH: 2,
      filterW: 2,
      strideH: 2,
      strideW: 2,
      padding: 'valid',
      activation: 'none',
    },
    {
      kind: 'maxPool2d',
      inputs: [6],
      outputs: [8],
      filterH: 2,
      filterW: 2,
      strideH: 2,
      strideW: 2,
      padding: 'valid',
      activation: 'relu',
    },
    { kind: 'add', inputs: [7, 8], outputs: [9], activation: 'relu6' },
    { kind: 'relu', inputs: [9], outputs: [10] },
    { kind: 'relu6', inputs: [10], outputs: [11] },
    { kind: 'reshape', inputs: [11, 12], outputs: [13] },
    { kind: 'fullyConnected', inputs: [13, 14, -1], outputs: [15], activation: 'none' },
    { kind: 'softmax', inputs: [15], outputs: [16], beta: 0.5 },
    { kind: 'quantize', inputs: [16], outputs: [17] },
    { kind: 'dequantize', inputs: [17], outputs: [18] },
    { kind: 'reshape', inputs: [18], outputs: [19] },
  ]
  return { tensors, ops, inputs: [0], outputs: [19], description: 'every op, written by Mote' }
}

describe('writeTflite', () => {
  it('writes a graph with every op kind that reads back to the same graph', () => {
    const graph = everyOpGraph()
    expect(readTflite(writeTflite(graph))).toEqual(graph)
  })

  it('writes a graph the interpreter runs to the same outputs after a round trip', () => {
    const graph = everyOpGraph()
    const input = Float32Array.from({ length: 32 }, (_, i) => Math.sin(i) * 2)
    const before = createInterpreter(graph).runAll([input])
    const after = createInterpreter(readTflite(writeTflite(graph))).runAll([input])
    expect(after.map((v) => Array.from(v ?? []))).toEqual(before.map((v) => Array.from(v ?? [])))
  })

  it('marks the file TFL3, schema version 3, with both operator code fields and 16-byte-aligned buffers', () => {
    const bytes = writeTflite(everyOpGraph())
    expect(new TextDecoder().decode(bytes.subarray(4, 8))).toBe('TFL3')
    const bb = new ByteBuffer(bytes)
    const model = new TableReader(bb, bb.readInt32(0))
    expect(model.uint32(0)).toBe(3)
    const codes = model.tables(1).map((c) => [c.int8(0), c.int32(3), c.int32(2, 1)])
    expect(codes).toContainEqual([114, 114, 1]) // QUANTIZE
    expect(codes).toContainEqual([3, 3, 3]) // CONV_2D, int8 version 3
    for (const tensor of readTflite(bytes).tensors) {
      if (tensor.data) expect(tensor.data.byteOffset % 16, tensor.name).toBe(0)
    }
  })

  it('refuses a graph whose op refers to a missing tensor', () => {
    const graph = everyOpGraph()
    const broken = { ...graph, ops: [{ ...graph.ops[0]!, outputs: [99] }] }
    try {
      writeTflite(broken)
      expect.unreachable()
    } catch (error) {
      expect(isMoteFailure(error) && error.code).toBe(CodegenErrorCode.TfliteWriteInvalidGraph)
    }
  })
})

describe.each(FILES)('MLPerf Tiny %s round trip', (file) => {
  const original = new Uint8Array(readFileSync(resolve(MODELS_DIR, file)))

  it('reads, writes and reads back to the same graph, and rewrites to the same bytes', () => {
    const graph = readTflite(original)
    const written = writeTflite(graph)
    expect(readTflite(written)).toEqual(graph)
    expect(Buffer.from(writeTflite(readTflite(written))).equals(Buffer.from(written))).toBe(true)
  })

  it('runs to identical outputs from the original and the rewritten file', () => {
    const graph = readTflite(original)
    const rewritten = readTflite(writeTflite(graph))
    const input = graph.tensors[graph.inputs[0]!]!
    const length = input.shape.reduce((a, b) => a * b, 1)
    const x = Int8Array.from({ length }, (_, i) => ((i * 37) % 256) - 128)
    const a = createInterpreter(graph).run([x])[0]!
    const b = createInterpreter(rewritten).run([x])[0]!
    expect(Array.from(b)).toEqual(Array.from(a))
  })
})
