/**
 * The four MLPerf Tiny reference int8 models (resources/models/mlperf-tiny, see the README there) run through
 * the .tflite reader and the reference interpreter must give TensorFlow Lite Micro's output bytes for an
 * all-zero input, and the graph statistics must match the README's counts.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import { graphStats } from '../../../../src/core/compress/reference/graph-stats'
import { runInt8 } from '../../../../src/core/compress/reference/interpreter'
import type { ModelGraph } from '../../../../src/core/model/graph'
import { MLPERF_TINY_DIR } from '../../../fixtures/mlperf-tiny'

const MODELS_DIR = MLPERF_TINY_DIR

interface Expected {
  readonly file: string
  /** TFLM reference-kernel output for an all-zero int8 input (README, "Reference outputs"). */
  readonly output: number[]
  readonly params: number
  readonly weightParams: number
  readonly biasParams: number
  readonly macs: number
  readonly macsByKind: Record<string, number>
  readonly tensors: number
  readonly opCounts: Record<string, number>
  readonly input: { shape: number[]; scale: number; zeroPoint: number }
}

const MODELS: Record<string, Expected> = {
  KWS: {
    file: 'kws_ref_model.tflite',
    output: [-1, -128, -128, -128, -128, -1, -128, -128, -128, -128, -128, -127],
    params: 22_604,
    weightParams: 22_016,
    biasParams: 588,
    macs: 2_656_768,
    macsByKind: { conv2d: 2_368_000, depthwiseConv2d: 288_000, fullyConnected: 768 },
    tensors: 35,
    opCounts: { conv2d: 5, depthwiseConv2d: 4, averagePool2d: 1, reshape: 1, fullyConnected: 1, softmax: 1 },
    input: { shape: [1, 49, 10, 1], scale: 0.584703, zeroPoint: 83 },
  },
  AD: {
    file: 'ad01_int8.tflite',
    output: [-55, -6, 21, 42, 39, 41, 42, 56, 42, 44, 45, 43, 31, 31, 29, 35], // first 16 of 640
    params: 265_864,
    weightParams: 264_192,
    biasParams: 1_672,
    macs: 264_192,
    macsByKind: { fullyConnected: 264_192 },
    tensors: 31,
    opCounts: { fullyConnected: 10 },
    input: { shape: [1, 640], scale: 0.391015, zeroPoint: 89 },
  },
  IC: {
    file: 'pretrainedResnet_quant.tflite',
    output: [-69, -128, 12, -125, -123, -124, -125, -128, -86, -128],
    params: 77_706,
    weightParams: 77_360,
    biasParams: 346,
    macs: 12_501_632,
    macsByKind: { conv2d: 12_500_992, fullyConnected: 640 },
    tensors: 38,
    opCounts: { conv2d: 9, add: 3, averagePool2d: 1, reshape: 1, fullyConnected: 1, softmax: 1 },
    input: { shape: [1, 32, 32, 3], scale: 1, zeroPoint: -128 },
  },
  VWW: {
    file: 'vww_96_int8.tflite',
    output: [116, -116],
    params: 210_850,
    weightParams: 208_112,
    biasParams: 2_738,
    macs: 7_489_664,
    macsByKind: { conv2d: 6_690_816, depthwiseConv2d: 798_336, fullyConnected: 512 },
    tensors: 89,
    opCounts: {
      conv2d: 14,
      depthwiseConv2d: 13,
      averagePool2d: 1,
      reshape: 1,
      fullyConnected: 1,
      softmax: 1,
    },
    input: { shape: [1, 96, 96, 3], scale: 0.00392157, zeroPoint: -128 },
  },
}

function load(file: string): ModelGraph {
  return readTflite(new Uint8Array(readFileSync(resolve(MODELS_DIR, file))))
}

describe.each(Object.entries(MODELS))('MLPerf Tiny %s', (_name, expected) => {
  const graph = load(expected.file)

  it('gives TensorFlow Lite Micro’s output bytes for an all-zero input', () => {
    const input = graph.tensors[graph.inputs[0]!]!
    const [output] = runInt8(graph, new Int8Array(input.shape.reduce((a, b) => a * b, 1)))
    expect(Array.from(output!.subarray(0, expected.output.length))).toEqual(expected.output)
  })

  it('has the README’s parameter, MAC, tensor and operator counts', () => {
    const stats = graphStats(graph)
    expect([stats.params, stats.weightParams, stats.biasParams]).toEqual([
      expected.params,
      expected.weightParams,
      expected.biasParams,
    ])
    expect(stats.macs).toBe(expected.macs)
    for (const [kind, macs] of Object.entries(expected.macsByKind))
      expect(stats.macsByKind[kind as 'conv2d']).toBe(macs)
    expect(stats.tensors).toBe(expected.tensors)
    const opCounts: Record<string, number> = {}
    for (const op of graph.ops) opCounts[op.kind] = (opCounts[op.kind] ?? 0) + 1
    expect(opCounts).toEqual(expected.opCounts)
  })

  it('reads the input quantization the README lists', () => {
    const input = graph.tensors[graph.inputs[0]!]!
    expect(input.dtype).toBe('int8')
    expect(input.shape).toEqual(expected.input.shape)
    expect(input.quantization!.scale[0]).toBeCloseTo(expected.input.scale, 6)
    expect(input.quantization!.zeroPoint).toEqual([expected.input.zeroPoint])
  })
})
