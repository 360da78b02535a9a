/**
 * The C kernels on real quantization parameters: the four MLPerf Tiny int8 models, every op run in C on the
 * reference interpreter's own intermediate tensors for a random input (each intermediate must be the same
 * bytes), and the whole model run in C alone from an all-zero input, whose output must be TensorFlow Lite
 * Micro's bytes (resources/models/mlperf-tiny/README.md, "Reference outputs").
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import { createRng } from '../../../../src/core/train/random'
import { mlperfTinyBytes } from '../../../fixtures/mlperf-tiny'
import { compareOpByOp, runChained } from './graph-runner'
import { buildHarness, type Harness } from './harness'
import { int8Array } from './random-draws'

/** TFLM's reference-kernel output for an all-zero input (the first 16 bytes for AD's 640). */
const MODELS = [
  ['KWS', 'kws_ref_model.tflite', [-1, -128, -128, -128, -128, -1, -128, -128, -128, -128, -128, -127]],
  ['AD', 'ad01_int8.tflite', [-55, -6, 21, 42, 39, 41, 42, 56, 42, 44, 45, 43, 31, 31, 29, 35]],
  ['IC', 'pretrainedResnet_quant.tflite', [-69, -128, 12, -125, -123, -124, -125, -128, -86, -128]],
  ['VWW', 'vww_96_int8.tflite', [116, -116]],
] as const

let harness: Harness
beforeAll(async () => {
  // The plain build: weights read through the default MOTE_READ_WEIGHT_* (a dereference), as on a Cortex-M.
  harness = await buildHarness({ encodedWeights: false })
}, 120_000)

describe.each(MODELS)('MLPerf Tiny %s in C', (_name, file, tflmOutput) => {
  const graph = readTflite(mlperfTinyBytes(file))
  const inputSize = graph.tensors[graph.inputs[0]!]!.shape.reduce((a, b) => a * b, 1)

  it('gives the reference interpreter’s bytes for every intermediate tensor of a random input', () => {
    const input = int8Array(createRng(inputSize), inputSize)
    expect(compareOpByOp(harness, graph, [input])).toEqual([])
  })

  it('gives TensorFlow Lite Micro’s output bytes for an all-zero input, run in C alone', () => {
    const [output] = runChained(harness, graph, [new Int8Array(inputSize)])
    expect(Array.from(output!.subarray(0, tflmOutput.length))).toEqual(tflmOutput)
  })
})
