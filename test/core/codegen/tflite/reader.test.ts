import { CodegenErrorCode } from '../../../../src/shared/api/codegen'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { ByteBuffer } from 'flatbuffers'
import { describe, expect, it } from 'vitest'
import { isMoteFailure, type MoteFailure } from '../../../../src/shared/errors'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import { TableReader } from '../../../../src/core/codegen/tflite/table-reader'
import { runInt8 } from '../../../../src/core/compress/reference/interpreter'
import { buildModel, oneOpModel } from './tflite-fixtures'
import { MLPERF_TINY_DIR } from '../../../fixtures/mlperf-tiny'

const MODELS_DIR = MLPERF_TINY_DIR
const modelBytes = (file: string) => new Uint8Array(readFileSync(resolve(MODELS_DIR, file)))

function failure(run: () => unknown): MoteFailure {
  try {
    run()
  } catch (error) {
    if (isMoteFailure(error)) return error
    throw error
  }
  throw new Error('expected a MoteFailure')
}

/** (deprecated_builtin_code, has builtin_code) of each operator code, read raw (fields 0 and 3 of Model.operator_codes). */
function rawOperatorCodes(bytes: Uint8Array): [number, boolean][] {
  const bb = new ByteBuffer(bytes)
  const model = new TableReader(bb, bb.readInt32(0))
  return model.tables(1).map((code) => [code.int8(0), code.has(3)])
}

describe('readTflite on the MLPerf Tiny files', () => {
  it('reads operator codes stored only in deprecated_builtin_code (KWS, AD) as TFLite does', () => {
    const kws = rawOperatorCodes(modelBytes('kws_ref_model.tflite'))
    const ad = rawOperatorCodes(modelBytes('ad01_int8.tflite'))
    expect(kws.every(([deprecated, hasNew]) => deprecated > 0 && !hasNew)).toBe(true)
    expect(ad).toEqual([[9, false]]) // FULLY_CONNECTED only in the byte field
    expect(readTflite(modelBytes('ad01_int8.tflite')).ops.every((op) => op.kind === 'fullyConnected')).toBe(
      true,
    )
    expect(readTflite(modelBytes('kws_ref_model.tflite')).ops.map((op) => op.kind)).toContain(
      'depthwiseConv2d',
    )
  })

  it('views int8 constant data in the file bytes without copying', () => {
    const bytes = modelBytes('kws_ref_model.tflite')
    const weights = readTflite(bytes).tensors.find((t) => t.dtype === 'int8' && t.data)!
    expect(weights.data!.buffer).toBe(bytes.buffer)
  })

  it('reads a file placed at an odd offset (int32 data copied, not viewed) to the same results', () => {
    const bytes = modelBytes('kws_ref_model.tflite')
    const shifted = new Uint8Array(bytes.length + 1).subarray(1)
    shifted.set(bytes)
    const a = readTflite(bytes)
    const b = readTflite(shifted)
    expect(b.tensors.map((t) => Array.from(t.data ?? []))).toEqual(
      a.tensors.map((t) => Array.from(t.data ?? [])),
    )
    const input = new Int8Array(490).fill(-3)
    expect(Array.from(runInt8(b, input)[0]!)).toEqual(Array.from(runInt8(a, input)[0]!))
  })
})

describe('readTflite errors', () => {
  it('names every unsupported operator once with its count, including codes above 127 and custom ops', () => {
    const error = failure(() =>
      readTflite(
        buildModel({
          opcodes: [
            { deprecated: 34 },
            { deprecated: 127, builtin: 150 },
            { custom: 'MyOp' },
            { deprecated: 0 },
          ],
          tensors: [{ name: 'x', shape: [1, 4], type: 0 }],
          operators: [0, 1, 0, 3, 2, 0].map((opcode) => ({ opcode, inputs: [0, 0], outputs: [0] })),
          inputs: [0],
          outputs: [0],
        }),
      ),
    )
    expect(error.code).toBe(CodegenErrorCode.TfliteUnsupportedOp)
    expect(error.message).toContain('unsupported ops: PAD ×3, GELU, custom "MyOp".')
    expect(error.message).toContain('Mote runs ADD, AVERAGE_POOL_2D, CONV_2D')
  })

  it('takes the larger of the two code fields: builtin_code QUANTIZE with a zero byte field is QUANTIZE', () => {
    const graph = readTflite(
      buildModel({
        opcodes: [{ deprecated: 0, builtin: 114 }],
        tensors: [
          { name: 'x', shape: [1, 2], type: 0 },
          { name: 'y', shape: [1, 2], type: 9, scale: [0.5], zeroPoint: [1] },
        ],
        operators: [{ opcode: 0, inputs: [0], outputs: [1] }],
        inputs: [0],
        outputs: [1],
      }),
    )
    expect(graph.ops[0]!.kind).toBe('quantize')
  })

  it('names a tensor of an unsupported type', () => {
    const bytes = buildModel({
      opcodes: [{ deprecated: 19 }],
      tensors: [
        { name: 'counts', shape: [2], type: 4 },
        { name: 'y', shape: [2], type: 4 },
      ],
      operators: [{ opcode: 0, inputs: [0], outputs: [1] }],
      inputs: [0],
      outputs: [1],
    })
    const error = failure(() => readTflite(bytes))
    expect(error.code).toBe(CodegenErrorCode.TfliteUnsupportedTensorType)
    expect(error.message).toMatch(/Tensor "counts" has type INT64/)
  })

  it('refuses a fused TANH activation on a supported op', () => {
    const bytes = oneOpModel(
      { deprecated: 1 },
      {
        operators: [
          {
            opcode: 0,
            inputs: [0],
            outputs: [1],
            options: [
              5,
              [
                [1, 1, 'i32'],
                [2, 1, 'i32'],
                [3, 1, 'i32'],
                [4, 1, 'i32'],
                [5, 4, 'i8'],
              ],
            ],
          },
        ],
        tensors: [
          { name: 'in', shape: [1, 1, 4, 1], type: 9, scale: [1] },
          { name: 'out', shape: [1, 1, 4, 1], type: 9, scale: [1] },
        ],
      },
    )
    const error = failure(() => readTflite(bytes))
    expect(error.code).toBe(CodegenErrorCode.TfliteUnsupportedOption)
    expect(error.message).toMatch(/AVERAGE_POOL_2D \(1\).*TANH/)
  })

  it('refuses other schema versions and multi-subgraph models', () => {
    expect(failure(() => readTflite(oneOpModel({ deprecated: 19 }, { version: 2 }))).code).toBe(
      CodegenErrorCode.TfliteUnsupportedModel,
    )
    expect(failure(() => readTflite(oneOpModel({ deprecated: 19 }, { subgraphs: 2 }))).message).toMatch(
      /2 subgraphs/,
    )
  })

  it('reports garbage, truncated files and wrong constant sizes as corrupt, never as a model', () => {
    expect(failure(() => readTflite(new Uint8Array([1, 2, 3]))).code).toBe(CodegenErrorCode.TfliteCorrupt)
    expect(failure(() => readTflite(new TextEncoder().encode('not a model, just some text here'))).code).toBe(
      CodegenErrorCode.TfliteCorrupt,
    )
    const kws = modelBytes('kws_ref_model.tflite')
    for (const length of [16, 1000, 20000, kws.length - 100]) {
      expect(failure(() => readTflite(kws.slice(0, length))).code, `${length} bytes`).toBe(
        CodegenErrorCode.TfliteCorrupt,
      )
    }
    const wrongSize = oneOpModel(
      { deprecated: 19 },
      {
        tensors: [
          { name: 'in', shape: [1, 4], type: 9, scale: [1] },
          { name: 'w', shape: [1, 4], type: 9, scale: [1], data: new Uint8Array(3) },
        ],
      },
    )
    expect(failure(() => readTflite(wrongSize)).message).toMatch(/This .tflite file is damaged/)
  })
})
