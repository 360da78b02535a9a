import { CompressErrorCode } from '../../../../src/shared/api/compress'
import { describe, expect, it } from 'vitest'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import { writeTflite } from '../../../../src/core/codegen/tflite/writer'
import type { ModelGraph, Tensor } from '../../../../src/core/model/graph'
import { calibrate, percentileRange } from '../../../../src/core/compress/ptq/calibrate'
import {
  checkCalibrationSet,
  selectCalibrationWindows,
} from '../../../../src/core/compress/ptq/calibration-set'
import { postTrainingQuantize } from '../../../../src/core/compress/ptq/ptq'
import { quantizeGraph } from '../../../../src/core/compress/ptq/quantize-graph'
import { quantizeFeatures } from '../../../../src/core/compress/ptq/run-int8'
import { createInterpreter } from '../../../../src/core/compress/reference/interpreter'
import { fixtureInputs, smallFloatGraph } from './float-graph-fixture'

const f32 = Math.fround

/** input [1, 2] → dense 2 (relu) → reshape → softmax, with hand-picked weights. */
function tinyGraph(weights = [0.5, -1.3, 2.54, 0], bias = [0.1, -0.25]): ModelGraph {
  const t = (name: string, shape: number[], data?: Float32Array | Int32Array): Tensor =>
    data
      ? { name, shape, dtype: data instanceof Int32Array ? 'int32' : 'float32', data }
      : { name, shape, dtype: 'float32' }
  return {
    tensors: [
      t('input', [1, 2]),
      t('dense/weights', [2, 2], Float32Array.from(weights)),
      t('dense/bias', [2], Float32Array.from(bias)),
      t('dense', [1, 2]),
      t('shape', [2], Int32Array.from([1, 2])),
      t('flat', [1, 2]),
      t('probs', [1, 2]),
    ],
    ops: [
      { kind: 'fullyConnected', inputs: [0, 1, 2], outputs: [3], activation: 'relu' },
      { kind: 'reshape', inputs: [3, 4], outputs: [5] },
      { kind: 'softmax', inputs: [5], outputs: [6], beta: 1 },
    ],
    inputs: [0],
    outputs: [6],
  }
}

const tinyRanges = new Map([
  [0, { min: -1, max: 3 }],
  [3, { min: 0, max: 2.55 }],
  [5, { min: 0, max: 2.55 }],
  [6, { min: 0, max: 1 }],
])

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn()
  } catch (error) {
    return (error as { code?: number }).code
  }
  return undefined
}

describe('quantization parameters of hand-made tensors', () => {
  const q = quantizeGraph(tinyGraph(), tinyRanges)

  it('gives the input range [−1, 3] scale 4/255 and the zero point nudged to −64', () => {
    expect(q.tensors[0]!.quantization).toEqual({ scale: [f32(4 / 255)], zeroPoint: [-64] })
    expect(q.tensors[0]!.dtype).toBe('int8')
  })

  it('gives a relu output [0, 2.55] scale 0.01 and zero point −128, and the reshape shares it', () => {
    expect(q.tensors[3]!.quantization!.scale[0]).toBeCloseTo(0.01, 9)
    expect(q.tensors[3]!.quantization!.zeroPoint).toEqual([-128])
    expect(q.tensors[5]!.quantization).toEqual(q.tensors[3]!.quantization)
  })

  it('fixes the softmax output at scale 1/256 and zero point −128', () => {
    expect(q.tensors[6]!.quantization).toEqual({ scale: [1 / 256], zeroPoint: [-128] })
  })

  it('quantizes dense weights per tensor: max |w| = 2.54 gives scale 0.02 and [25, −65, 127, 0]', () => {
    expect(q.tensors[1]!.quantization!.scale[0]).toBeCloseTo(0.02, 8)
    expect(q.tensors[1]!.quantization!.axis).toBeUndefined()
    expect([...(q.tensors[1]!.data as Int8Array)]).toEqual([25, -65, 127, 0])
  })

  it('quantizes dense weights per channel when asked: [49, −127] and [127, 0]', () => {
    const pc = quantizeGraph(tinyGraph(), tinyRanges, { perChannelFullyConnected: true })
    expect([...(pc.tensors[1]!.data as Int8Array)]).toEqual([49, -127, 127, 0])
    expect(pc.tensors[1]!.quantization!.axis).toBe(0)
    expect(pc.tensors[1]!.quantization!.scale[0]).toBeCloseTo(1.3 / 127, 8)
  })

  it('quantizes biases to int32 with scale s_in · s_w: 0.1 → 319 and −0.25 → −797', () => {
    const bias = q.tensors[2]!
    expect(bias.dtype).toBe('int32')
    expect(bias.quantization!.scale[0]).toBeCloseTo((4 / 255) * 0.02, 10)
    expect([...(bias.data as Int32Array)]).toEqual([319, -797])
  })

  it('quantizes conv weights per output channel (axis 0) and depthwise weights on axis 3', () => {
    const graph = quantizeGraph(smallFloatGraph(), calibrate(smallFloatGraph(), fixtureInputs(8)))
    const conv = graph.tensors.find((t) => t.name === 'conv1/filter')!
    const dw = graph.tensors.find((t) => t.name === 'dw/filter')!
    expect(conv.quantization!.axis).toBe(0)
    expect(conv.quantization!.scale).toHaveLength(6)
    expect(dw.quantization!.axis).toBe(3)
    expect(dw.quantization!.scale).toHaveLength(6)
    // Each channel's largest |w| maps to ±127.
    const data = conv.data as Int8Array
    for (let c = 0; c < 6; c++)
      expect(Math.max(...data.subarray(c * 18, c * 18 + 18).map(Math.abs))).toBe(127)
  })
})

describe('post-training quantization of a small float graph', () => {
  const float = smallFloatGraph()
  const inputs = fixtureInputs(200)
  const labels = Int32Array.from(inputs, (_, i) => i % 4)
  const windows = { count: inputs.length, featureSize: 128, features: concat(inputs), labels }
  const { graph } = postTrainingQuantize(float, windows, ['a', 'b', 'c', 'd'])

  it('runs on the int8 interpreter and agrees with float within 3 steps at the logits and 0.03 in probability', () => {
    const logits = float.tensors.findIndex((t) => t.name === 'logits')
    const { scale, zeroPoint } = graph.tensors[logits]!.quantization!
    const input = graph.tensors[0]!.quantization!
    const floatRun = createInterpreter(float)
    const intRun = createInterpreter(graph)
    let worstSteps = 0
    let worstProbability = 0
    for (const x of fixtureInputs(50, 99)) {
      const expected = floatRun.runAll([x])
      const actual = intRun.runAll([
        quantizeFeatures(x, { scale: input.scale[0]!, zeroPoint: input.zeroPoint[0]! }),
      ])
      const fl = expected[logits] as Float32Array
      const il = actual[logits] as Int8Array
      fl.forEach(
        (v, k) =>
          (worstSteps = Math.max(worstSteps, Math.abs((il[k]! - zeroPoint[0]!) * scale[0]! - v) / scale[0]!)),
      )
      const fp = expected[graph.outputs[0]!] as Float32Array
      const ip = actual[graph.outputs[0]!] as Int8Array
      fp.forEach(
        (p, k) => (worstProbability = Math.max(worstProbability, Math.abs((ip[k]! + 128) / 256 - p))),
      )
    }
    expect(worstSteps).toBeLessThanOrEqual(3)
    expect(worstProbability).toBeLessThanOrEqual(0.03)
  })

  it('writes a .tflite that reads back to the same graph and runs to the same bytes', () => {
    const back = readTflite(writeTflite(graph))
    expect(back).toEqual(graph)
    const x = quantizeFeatures(inputs[3]!, {
      scale: graph.tensors[0]!.quantization!.scale[0]!,
      zeroPoint: graph.tensors[0]!.quantization!.zeroPoint[0]!,
    })
    expect(createInterpreter(back).run([x])).toEqual(createInterpreter(graph).run([x]))
  })
})

describe('calibration', () => {
  it('clips a lone outlier with the percentile method but keeps it with min/max', () => {
    const graph: ModelGraph = {
      tensors: [
        { name: 'x', shape: [1, 1], dtype: 'float32' },
        { name: 'y', shape: [1, 1], dtype: 'float32' },
      ],
      ops: [{ kind: 'relu', inputs: [0], outputs: [1] }],
      inputs: [0],
      outputs: [1],
    }
    const inputs = Array.from({ length: 2000 }, (_, i) => Float32Array.of(i === 500 ? 100 : (i % 100) / 100))
    expect(calibrate(graph, inputs).get(1)!.max).toBe(100)
    const clipped = calibrate(graph, inputs, { method: 'percentile', percentile: 99.9 }).get(1)!
    expect(clipped.max).toBeGreaterThanOrEqual(0.99)
    expect(clipped.max).toBeLessThan(1.1)
  })

  it('reads percentile ranges from a histogram, clipping half of the rest at each end', () => {
    const histogram = Float64Array.from({ length: 10 }, () => 10) // 100 values over [0, 10)
    expect(percentileRange(histogram, 0, 10, 100)).toEqual({ min: 0, max: 10 })
    expect(percentileRange(histogram, 0, 10, 80)).toEqual({ min: 1, max: 9 })
  })

  it('picks a class-balanced subset that keeps every class', () => {
    const labels = Int32Array.from({ length: 1000 }, (_, i) => (i < 900 ? 0 : i < 990 ? 1 : 2))
    const set = { count: 1000, featureSize: 1, features: Float32Array.from(labels), labels }
    const chosen = selectCalibrationWindows(set, 100)
    expect(chosen.inputs).toHaveLength(chosen.labels.length)
    expect(new Set(chosen.labels)).toEqual(new Set([0, 1, 2]))
    expect(chosen.labels.filter((l) => l === 0).length).toBe(90)
    chosen.inputs.forEach((x, i) => expect(x[0]).toBe(chosen.labels[i]))
  })
})

describe('clear errors instead of a silently wrong model', () => {
  it('refuses an empty calibration set (14401)', () => {
    expect(codeOf(() => checkCalibrationSet(new Int32Array(0), ['a', 'b']))).toBe(
      CompressErrorCode.EmptyCalibration,
    )
    expect(codeOf(() => calibrate(tinyGraph(), []))).toBe(CompressErrorCode.EmptyCalibration)
  })

  it('refuses a calibration set of one class only, or one that misses a class (14402)', () => {
    expect(codeOf(() => checkCalibrationSet(Int32Array.of(1, 1, 1), ['a', 'b']))).toBe(
      CompressErrorCode.UnrepresentativeCalibration,
    )
    expect(() => checkCalibrationSet(Int32Array.of(0, 1, 1), ['a', 'b', 'c'])).toThrow(/"c"/)
  })

  it('refuses an op without an int8 implementation (14403)', () => {
    const graph = tinyGraph()
    const withDequantize: ModelGraph = {
      ...graph,
      tensors: [...graph.tensors, { name: 'extra', shape: [1, 2], dtype: 'float32' }],
      ops: [...graph.ops, { kind: 'dequantize', inputs: [6], outputs: [7] }],
      outputs: [7],
    }
    expect(
      codeOf(() => quantizeGraph(withDequantize, new Map([...tinyRanges, [7, { min: 0, max: 1 }]]))),
    ).toBe(CompressErrorCode.NotQuantizable)
  })

  it('refuses a tensor whose range is zero, naming it (14404)', () => {
    const ranges = new Map([...tinyRanges, [3, { min: 0, max: 0 }]])
    expect(codeOf(() => quantizeGraph(tinyGraph(), ranges))).toBe(CompressErrorCode.BadRange)
    expect(() => quantizeGraph(tinyGraph(), ranges)).toThrow(/"dense"/)
  })

  it('refuses non-finite activations and weights (14404)', () => {
    expect(codeOf(() => calibrate(tinyGraph([Infinity, 0, 0, 0]), [Float32Array.of(1, 1)]))).toBe(
      CompressErrorCode.BadRange,
    )
    expect(codeOf(() => quantizeGraph(tinyGraph([Number.NaN, 0, 0, 0]), tinyRanges))).toBe(
      CompressErrorCode.BadRange,
    )
  })

  it('refuses calibration inputs of the wrong length (14405)', () => {
    expect(codeOf(() => calibrate(tinyGraph(), [new Float32Array(3)]))).toBe(
      CompressErrorCode.BadCalibrationInput,
    )
  })
})

function concat(arrays: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0))
  let at = 0
  for (const a of arrays) {
    out.set(a, at)
    at += a.length
  }
  return out
}
