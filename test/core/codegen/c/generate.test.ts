/**
 * generateModelCode without a compiler: determinism, the banner and namespace, the kernels chosen, the
 * summary's figures against the variant table's and graphStats', the arena against TFLite Micro's, and the
 * board-fit errors. (The generated code is compiled and run in model-equivalence.slow.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import { findBoard } from '../../../../src/core/boards/board-lookup'
import { checkModelFits } from '../../../../src/core/codegen/c/board-fit'
import { CodegenErrorCode } from '../../../../src/shared/api/codegen'
import {
  generateModelCode,
  type GeneratedModelCode,
  type ModelCodeInput,
} from '../../../../src/core/codegen/c/generate'
import type { CodegenTarget } from '../../../../src/core/codegen/c/kernel-choice'
import { TARGET_SELECTORS } from '../../../../src/core/codegen/c/selectors'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import { graphStats } from '../../../../src/core/compress/reference/graph-stats'
import { weightsFlashBytes } from '../../../../src/core/compress/variants/metrics'
import { deserializeGraph, serializeGraph } from '../../../../src/core/model/graph-io'
import { mlperfTinyBytes } from '../../../fixtures/mlperf-tiny'
import { smallFloatGraph } from '../../compress/ptq/float-graph-fixture'
import { clusteredVariant } from './clustered-variant'
import { randomGraphs, withFloatEdges } from './random-graphs'

const KWS = readTflite(mlperfTinyBytes('kws_ref_model.tflite'))

/** TFLite Micro's arena_used_bytes() on a Cortex-M4 with CMSIS-NN (resources/models/mlperf-tiny/README.md). */
const TFLM_ARENA = {
  'kws_ref_model.tflite': 22_820,
  'vww_96_int8.tflite': 100_708,
  'pretrainedResnet_quant.tflite': 54_996,
  'ad01_int8.tflite': 2_580,
} as const

function failure(fn: () => unknown): { code?: number; message?: string; detail?: string } {
  try {
    fn()
  } catch (error) {
    return error as { code?: number; message?: string; detail?: string }
  }
  return {}
}

describe('generated model code', () => {
  it('is the same bytes every time for the same variant, even from a re-read copy', () => {
    const { json, bin } = serializeGraph(KWS)
    const a = generateModelCode({ graph: KWS, project: 'kws', variant: 'int8' })
    const b = generateModelCode({ graph: deserializeGraph(json, bin), project: 'kws', variant: 'int8' })
    expect(b.header.text).toBe(a.header.text)
    expect(b.source.text).toBe(a.source.text)
  })

  it('is the same bytes for every kind of variant and target, whatever was generated before', () => {
    const variants: ModelCodeInput[] = [
      { graph: KWS },
      clusteredVariant(KWS, 3),
      { graph: smallFloatGraph() },
      { graph: withFloatEdges(randomGraphs(7, 3).int8) },
    ]
    const targets = Object.keys(TARGET_SELECTORS) as CodegenTarget[]
    const runs = variants.flatMap((v) => targets.map((target) => () => generateModelCode(v, { target })))
    const texts = (code: GeneratedModelCode) => code.header.text + code.source.text
    const first = runs.map((run) => texts(run()))
    const again = [...runs].reverse().map((run) => texts(run()))
    expect(again.reverse()).toEqual(first)
  })

  it('says "generated — do not edit" and names the project, the variant and a content hash in both files', () => {
    const code = generateModelCode({ graph: KWS, project: 'Keywords */ demo', variant: 'int8 PTQ' })
    for (const file of [code.header, code.source]) {
      expect(file.text.startsWith('/*\n * generated — do not edit.')).toBe(true)
      expect(file.text).toContain('project "Keywords * / demo", variant "int8 PTQ"')
      expect(file.text).toContain(`content ${code.summary.contentHash}`)
    }
    expect(code.summary.contentHash).toMatch(/^[0-9a-f]{64}$/)
    expect(code.header.name).toBe('model.h')
    expect(code.source.name).toBe('model.c')
  })

  it('changes the content hash when one weight changes', () => {
    const filter = KWS.ops[0]!.inputs[1]!
    const data = Int8Array.from(KWS.tensors[filter]!.data as Int8Array)
    data[0] = data[0] === 1 ? 2 : 1
    const tensors = KWS.tensors.map((t, i) => (i === filter ? { ...t, data } : t))
    const before = generateModelCode({ graph: KWS }).summary.contentHash
    expect(generateModelCode({ graph: { ...KWS, tensors } }).summary.contentHash).not.toBe(before)
  })

  it('puts every symbol it defines under its prefix, so that two models can coexist', () => {
    const code = generateModelCode({ graph: KWS }, { prefix: 'kws', fileName: 'kws_model' })
    const text = code.header.text + code.source.text
    expect(text).not.toContain('mote_model')
    const defined = [...text.matchAll(/^(?:static )?(?:const )?[\w ]+?\*?\b(\w+)\((?:void)?\)\s*[{;]/gm)].map(
      (m) => m[1],
    )
    const arrays = [...text.matchAll(/^static const \w+ (\w+)\[/gm)].map((m) => m[1])
    const macros = [...text.matchAll(/^#define (\w+)/gm)].map((m) => m[1])
    for (const name of [...defined, ...arrays]) expect(name).toMatch(/^kws_/)
    for (const name of macros) expect(name).toMatch(/^KWS_/)
    expect(defined).toEqual(expect.arrayContaining(['kws_input', 'kws_output', 'kws_invoke']))
    expect(code.header.name).toBe('kws_model.h')
  })

  it('refuses a prefix that is not a C identifier', () => {
    expect(failure(() => generateModelCode({ graph: KWS }, { prefix: 'My Model' })).code).toBe(
      CodegenErrorCode.InvalidPrefix,
    )
  })

  it('chooses the specialised kernels: the first layer through a patch, 3×3 depthwise, 1×1 as a matrix product', () => {
    const kernels = generateModelCode({ graph: KWS }).summary.ops.map((o) => o.kernel)
    expect(kernels).toEqual([
      'mote_conv2d_patch_s8',
      ...Array(4).fill(['mote_depthwise_conv2d_3x3_s8', 'mote_conv2d_1x1_s8']).flat(),
      'mote_average_pool2d_s8',
      'alias',
      'mote_fully_connected_folded_s8',
      'mote_softmax_s8',
    ])
  })

  it('calls the float kernels for a float graph', () => {
    const kernels = generateModelCode({ graph: smallFloatGraph() }).summary.ops.map((o) => o.kernel)
    expect(kernels.filter((k) => k !== 'alias').every((k) => k.endsWith('_f32'))).toBe(true)
    expect(kernels).toContain('mote_conv2d_f32')
  })

  it('summarises weights as the variant table counts them, and the MACs as graphStats does', () => {
    const summary = generateModelCode({ graph: KWS }).summary
    expect(summary.weightBytes).toBe(weightsFlashBytes(KWS))
    expect(summary.macs).toBe(graphStats(KWS).macs)
    expect(summary.ops.reduce((n, o) => n + o.weightBytes, 0)).toBe(summary.weightBytes)
    expect(summary.constantBytes).toBeGreaterThan(summary.weightBytes)
  })

  it('keeps clustered weights Huffman-coded: the weights are the variant table’s coded bytes', () => {
    const variant = clusteredVariant(KWS, 3)
    const code = generateModelCode(variant)
    expect(variant.coded.length).toBeGreaterThan(3)
    expect(code.summary.weightBytes).toBe(weightsFlashBytes(variant.graph, variant.coded))
    expect(code.summary.weightBytes).toBeLessThan(weightsFlashBytes(KWS) * 0.7)
    expect(code.summary.ops.map((o) => o.kernel)).toEqual(
      expect.arrayContaining([
        'mote_conv2d_huffman_s8',
        'mote_conv2d_1x1_huffman_s8',
        'mote_depthwise_conv2d_huffman_s8',
        'mote_fully_connected_huffman_s8',
      ]),
    )
  })

  it.each(Object.entries(TFLM_ARENA))(
    'plans %s in a proven-minimal arena well below TFLite Micro’s (%i B)',
    (file, tflm) => {
      const summary = generateModelCode({ graph: readTflite(mlperfTinyBytes(file)) }).summary
      expect(summary.arenaOptimal).toBe(true)
      expect(summary.arenaBytes).toBe(summary.arenaLowerBoundBytes)
      expect(summary.arenaBytes).toBeLessThanOrEqual(summary.tflmGreedyArenaBytes)
      expect(summary.arenaBytes).toBeLessThan(tflm * 0.7)
    },
  )

  it('plans the keyword-spotting DS-CNN in less than 0.45× TFLite Micro’s arena (the RAM goal’s share)', () => {
    expect(generateModelCode({ graph: KWS }).summary.arenaBytes).toBeLessThan(
      0.45 * TFLM_ARENA['kws_ref_model.tflite'] - 1024,
    )
  })
})

describe('fitting a model on a board', () => {
  const summary = generateModelCode({ graph: KWS }).summary

  it('refuses a model whose arena exceeds the SRAM, with the numbers', () => {
    const error = failure(() => checkModelFits(summary, findBoard('uno')!))
    expect(error.code).toBe(CodegenErrorCode.ModelDoesNotFit)
    expect(error.message).toBe('The model needs 8.3 KB of RAM for its tensors, the Arduino Uno has 2 KB.')
    expect(error.detail).toContain(`Arena ${summary.arenaBytes} B`)
  })

  it('refuses a model whose weights exceed the flash, with the numbers', () => {
    const ad = generateModelCode({ graph: readTflite(mlperfTinyBytes('ad01_int8.tflite')) }).summary
    const uno = failure(() => checkModelFits(ad, findBoard('uno')!))
    expect(uno.code).toBe(CodegenErrorCode.ModelDoesNotFit)
    expect(uno.message).toBe(
      'The model needs 264.5 KB of flash for its weights, the Arduino Uno has 31.5 KB for programs.',
    )
  })

  it('lets a model that fits pass', () => {
    expect(() => checkModelFits(summary, findBoard('nano33ble-sense')!)).not.toThrow()
    expect(() => checkModelFits(summary, findBoard('pico')!)).not.toThrow()
  })
})
