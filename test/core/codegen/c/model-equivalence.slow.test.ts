/**
 * End to end: generated model code compiled with the host gcc (-std=c99 -Wall -Wextra -Werror -pedantic,
 * AddressSanitizer, UndefinedBehaviorSanitizer) gives the TypeScript reference interpreter's output bytes —
 * float outputs within the float kernels' stated tolerance — on random small graphs, the small training
 * fixture, the demo models, the four MLPerf Tiny models (and TensorFlow Lite Micro's own outputs for an
 * all-zero input) and clustered Huffman-coded variants. Every run dumps the arena after each op: every tensor
 * still needed must hold its reference value at its planned place, which no overlap of live buffers and no
 * write outside an op's output and scratch could leave intact.
 */
import { describe, expect, it } from 'vitest'
import { generateModelCode, type ModelCodeInput } from '../../../../src/core/codegen/c/generate'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import type { CodedWeights } from '../../../../src/core/compress/cluster/huffman-weights'
import { calibrate } from '../../../../src/core/compress/ptq/calibrate'
import { inputParams, quantizeGraph } from '../../../../src/core/compress/ptq/quantize-graph'
import { quantizeFeatures } from '../../../../src/core/compress/ptq/run-int8'
import { createInterpreter } from '../../../../src/core/compress/reference/interpreter'
import type { ModelGraph, TensorData } from '../../../../src/core/model/graph'
import { createRng } from '../../../../src/core/train/random'
import { mlperfTinyBytes } from '../../../fixtures/mlperf-tiny'
import { fixtureInputs, smallFloatGraph } from '../../compress/ptq/float-graph-fixture'
import { test as syntheticTest } from '../../compress/qat/synthetic-task'
import { holds, liveTensorMismatches, toleranceOf } from './arena-check'
import { clusteredVariant, compressStepClusteredVariant } from './clustered-variant'
import { demoGraphs } from './demo-graphs'
import { compileModel, runTogether } from './model-harness'
import { randomGraphs, withFloatEdges } from './random-graphs'

/** Runs the generated C on every input and lists what differs from the reference (empty when none). */
async function differences(input: ModelCodeInput, inputs: readonly TensorData[]): Promise<string[]> {
  const code = generateModelCode(input)
  const model = await compileModel(code, true)
  const { graph } = input
  const interpreter = createInterpreter(graph)
  return model.run(inputs).flatMap((run, i) => {
    const values = interpreter.runAll([inputs[i]!])
    const output = graph.outputs[0]!
    const problems = liveTensorMismatches(graph, code, values, run.arenas)
    if (run.status !== 0) problems.push(`status ${run.status}`)
    else if (!holds(run.output, values[output]!, toleranceOf(graph, output))) problems.push('output')
    return problems.map((p) => `input ${i}: ${p}`)
  })
}

const asInt8 = (graph: ModelGraph, inputs: readonly Float32Array[]) =>
  inputs.map((x) => quantizeFeatures(x, inputParams(graph)))

describe('generated C against the reference interpreter', () => {
  it('agrees on 10 random graphs, int8, float and int8 with float edges, every live tensor after every op', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const g = randomGraphs(seed, 5)
      const inputs = g.inputs(3)
      expect(await differences({ graph: g.int8 }, asInt8(g.int8, inputs)), `int8 graph ${seed}`).toEqual([])
      expect(await differences({ graph: g.float }, inputs), `float graph ${seed}`).toEqual([])
      if (seed <= 3) expect(await differences({ graph: withFloatEdges(g.int8) }, inputs)).toEqual([])
    }
  })

  it('agrees on the training fixture graph (every op kind), float and int8', async () => {
    const float = smallFloatGraph()
    const int8 = quantizeGraph(float, calibrate(float, fixtureInputs(16)))
    const inputs = fixtureInputs(4, 99)
    expect(await differences({ graph: float }, inputs)).toEqual([])
    expect(await differences({ graph: int8 }, asInt8(int8, inputs))).toEqual([])
  })

  it('agrees on the demo models (gestures’ dense MLP, keywords’ 1-D CNN), float and int8', async () => {
    for (const demo of demoGraphs()) {
      const inputs = demo.inputs(3, 7)
      expect(await differences({ graph: demo.int8 }, asInt8(demo.int8, inputs)), demo.name).toEqual([])
      expect(await differences({ graph: demo.float }, inputs), demo.name).toEqual([])
    }
  })

  it.each([
    ['kws_ref_model.tflite', [-1, -128, -128, -128, -128, -1, -128, -128, -128, -128, -128, -127]],
    ['ad01_int8.tflite', [-55, -6, 21, 42, 39, 41, 42, 56, 42, 44, 45, 43, 31, 31, 29, 35]],
    ['pretrainedResnet_quant.tflite', [-69, -128, 12, -125, -123, -124, -125, -128, -86, -128]],
    ['vww_96_int8.tflite', [116, -116]],
  ])(
    'runs MLPerf Tiny %s: TFLite Micro’s bytes for a zero input, the reference’s for random ones',
    async (file, tflm) => {
      const graph = readTflite(mlperfTinyBytes(file))
      const size = graph.tensors[graph.inputs[0]!]!.shape.reduce((a, b) => a * b, 1)
      const rng = createRng(size)
      const inputs = [
        new Int8Array(size),
        ...[0, 1].map(() => Int8Array.from({ length: size }, () => rng.int(-128, 127))),
      ]
      expect(await differences({ graph }, inputs)).toEqual([])
      const [zero] = (await compileModel(generateModelCode({ graph }))).run([inputs[0]!])
      expect(Array.from(new Int8Array(zero!.output.buffer)).slice(0, tflm.length)).toEqual(tflm)
    },
  )

  it('runs clustered variants from their Huffman-coded weights, exactly as the reference on the decoded graph', async () => {
    const kws = clusteredVariant(readTflite(mlperfTinyBytes('kws_ref_model.tflite')), 3)
    const rng = createRng(4)
    const inputs = [0, 1].map(() => Int8Array.from({ length: 490 }, () => rng.int(-128, 127)))
    expect(kws.coded.length).toBeGreaterThan(3)
    expect(await differences(kws, inputs)).toEqual([])
    const resnet = clusteredVariant(readTflite(mlperfTinyBytes('pretrainedResnet_quant.tflite')), 4)
    const image = Int8Array.from({ length: 32 * 32 * 3 }, () => rng.int(-128, 127))
    expect(await differences(resnet, [image])).toEqual([])
    const float = smallFloatGraph()
    const small = clusteredVariant(quantizeGraph(float, calibrate(float, fixtureInputs(16))), 2)
    const coded: CodedWeights[] = small.coded
    expect(coded.map((c) => small.graph.tensors[c.tensor]!.name)).toContain('dense1/weights')
    expect(await differences(small, asInt8(small.graph, fixtureInputs(3, 5)))).toEqual([])
  })

  it('runs a variant the compress step clustered, coded and plain layers mixed, as the reference', async () => {
    const variant = await compressStepClusteredVariant()
    const windows = [0, 1, 2].map((w) => syntheticTest.features.slice(w * 32, (w + 1) * 32))
    expect(variant.coded.map((c) => c.name)).toEqual(['conv2/filter', 'output/weights'])
    expect(await differences(variant, asInt8(variant.graph, windows))).toEqual([])
  })

  it('runs two models with two prefixes in one program, each as the reference', async () => {
    const kws = readTflite(mlperfTinyBytes('kws_ref_model.tflite'))
    const float = smallFloatGraph()
    const small = quantizeGraph(float, calibrate(float, fixtureInputs(16)))
    const kwsInput = Int8Array.from({ length: 490 }, (_, i) => ((i * 37) % 256) - 128)
    const [smallInput] = asInt8(small, fixtureInputs(1, 8))
    const outputs = await runTogether([
      { code: generateModelCode({ graph: kws }, { prefix: 'kws', fileName: 'kws' }), input: kwsInput },
      {
        code: generateModelCode({ graph: small }, { prefix: 'small', fileName: 'small' }),
        input: smallInput!,
      },
    ])
    const bytes = (a: TensorData) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
    expect(outputs[0]).toEqual(bytes(createInterpreter(kws).run([kwsInput])[0]!))
    expect(outputs[1]).toEqual(bytes(createInterpreter(small).run([smallInput!])[0]!))
  })
})
