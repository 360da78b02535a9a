/**
 * What makes a written .tflite valid for TensorFlow Lite beyond our own reader: operator versions by the
 * converter's rules (tensorflow/lite/tools/versioning/op_version.cc) and usable scales.
 */
import { ByteBuffer } from 'flatbuffers'
import { describe, expect, it } from 'vitest'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import { TableReader } from '../../../../src/core/codegen/tflite/table-reader'
import { writeTflite } from '../../../../src/core/codegen/tflite/writer'
import { opVersion } from '../../../../src/core/codegen/tflite/writer-ops'
import type { ModelGraph, Op, Tensor } from '../../../../src/core/model/graph'
import { CodegenErrorCode } from '../../../../src/shared/api/codegen'
import { isMoteFailure } from '../../../../src/shared/errors'
import { MLPERF_TINY_FILES, mlperfTinyBytes } from '../../../fixtures/mlperf-tiny'

/** The (builtin code, version) pairs of the operator codes the file's operators use. */
function usedCodes(bytes: Uint8Array): string[] {
  const bb = new ByteBuffer(bytes)
  const model = new TableReader(bb, bb.readInt32(0))
  const codes = model.tables(1).map((c) => `${Math.max(c.int8(0), c.int32(3))} v${c.int32(2, 1)}`)
  const operators = model.tables(2)[0]!.tables(3)
  return [...new Set(operators.map((o) => codes[o.uint32(0)]!))].sort()
}

const q = (scale: number[], axis?: number) => ({
  scale,
  zeroPoint: scale.map(() => 0),
  ...(axis === undefined ? {} : { axis }),
})

function graphOf(tensors: Tensor[], op: Op): ModelGraph {
  return { tensors, ops: [op], inputs: [0], outputs: [op.outputs[0]!] }
}

const float = (name: string, shape: number[], data?: number[]): Tensor =>
  data ? { name, shape, dtype: 'float32', data: Float32Array.from(data) } : { name, shape, dtype: 'float32' }

const depthwise = (dilation: number): Op => ({
  kind: 'depthwiseConv2d',
  inputs: [0, 1, -1],
  outputs: [2],
  strideH: 1,
  strideW: 1,
  dilationH: dilation,
  dilationW: 1,
  depthMultiplier: 1,
  padding: 'same',
  activation: 'none',
})

function failure(fn: () => unknown) {
  try {
    fn()
  } catch (error) {
    if (isMoteFailure(error)) return error
  }
  throw new Error('expected a MoteFailure')
}

describe('operator versions', () => {
  it.each(MLPERF_TINY_FILES)('are those the TFLite converter recorded in %s', (file) => {
    const original = mlperfTinyBytes(file)
    expect(usedCodes(writeTflite(readTflite(original)))).toEqual(usedCodes(original))
  })

  it('are 1 for float ops, 2 for a dilated float depthwise convolution', () => {
    const tensors = [
      float('x', [1, 4, 4, 2]),
      float('w', [1, 3, 3, 2], Array(18).fill(0.1)),
      float('y', [1, 4, 4, 2]),
    ]
    expect(opVersion(graphOf(tensors, depthwise(1)), depthwise(1))).toBe(1)
    expect(opVersion(graphOf(tensors, depthwise(2)), depthwise(2))).toBe(2)
  })

  it('are 6 for a fully connected op without a bias operand, 4 with one in int8', () => {
    const tensors: Tensor[] = [
      { name: 'x', shape: [1, 2], dtype: 'int8', quantization: q([0.1]) },
      { name: 'w', shape: [3, 2], dtype: 'int8', data: new Int8Array(6).fill(1), quantization: q([0.1]) },
      { name: 'y', shape: [1, 3], dtype: 'int8', quantization: q([0.1]) },
    ]
    const noBias: Op = { kind: 'fullyConnected', inputs: [0, 1], outputs: [2], activation: 'none' }
    const optionalBias: Op = { ...noBias, inputs: [0, 1, -1] }
    expect(opVersion(graphOf(tensors, noBias), noBias)).toBe(6)
    expect(opVersion(graphOf(tensors, optionalBias), optionalBias)).toBe(4)
  })

  it('are 2 for an int8 DEQUANTIZE and 5 when it is per channel', () => {
    const op: Op = { kind: 'dequantize', inputs: [0], outputs: [1] }
    const out = float('y', [2, 1])
    const perTensor: Tensor = { name: 'x', shape: [2, 1], dtype: 'int8', quantization: q([0.1]) }
    const perChannel: Tensor = { ...perTensor, quantization: q([0.1, 0.2], 0) }
    expect(opVersion(graphOf([perTensor, out], op), op)).toBe(2)
    expect(opVersion(graphOf([perChannel, out], op), op)).toBe(5)
  })
})

describe('scales', () => {
  const tensors = (scale: number[]): Tensor[] => [
    { name: 'x', shape: [1, 2], dtype: 'int8', quantization: q([0.1]) },
    {
      name: 'dense/weights',
      shape: [2, 2],
      dtype: 'int8',
      data: new Int8Array(4),
      quantization: q(scale, 0),
    },
    { name: 'y', shape: [1, 2], dtype: 'int8', quantization: q([0.1]) },
  ]
  const op: Op = { kind: 'fullyConnected', inputs: [0, 1, -1], outputs: [2], activation: 'none' }

  it.each([0, -0.5, Number.NaN, Number.POSITIVE_INFINITY, 1e-40])(
    'refuses the scale %s, naming the tensor and the channel',
    (bad) => {
      const error = failure(() => writeTflite(graphOf(tensors([0.5, bad]), op)))
      expect(error.code).toBe(CodegenErrorCode.TfliteWriteInvalidGraph)
      expect(error.message).toContain(`tensor "dense/weights" has the scale ${bad} in channel 1`)
    },
  )

  it('writes positive normal scales', () => {
    expect(readTflite(writeTflite(graphOf(tensors([0.5, 2 ** -126]), op))).tensors[1]!.quantization).toEqual(
      q([0.5, 2 ** -126], 0),
    )
  })
})
