/**
 * The .tflite files we write, run by TensorFlow Lite itself: `@tensorflow/tfjs-tflite` (TFLite's C++
 * runtime with XNNPACK, built to WebAssembly) in Debian's headless Chromium, served from node_modules.
 *
 * Each model is checked op by op (decoupled-graph.ts: every op gets the reference interpreter's values of
 * its inputs, so one op's rounding cannot hide or pile up behind another's) and as a whole. XNNPACK
 * requantizes in float arithmetic where our reference (TFLite Micro's) uses fixed point, so an int8 value may
 * differ by one step; more than one is a bug in our writer or our kernels. Float32 outputs may differ by the
 * summation order only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import { writeTflite } from '../../../../src/core/codegen/tflite/writer'
import type { ModelGraph, TensorData } from '../../../../src/core/model/graph'
import { createInterpreter } from '../../../../src/core/compress/reference/interpreter'
import { createRng } from '../../../../src/core/train/random'
import { MLPERF_TINY_FILES, mlperfTinyBytes } from '../../../fixtures/mlperf-tiny'
import { decoupledGraph, difference, valuesOf } from './decoupled-graph'
import { everyOpFloatGraph, everyOpInt8Graph, floatInputs, withQuantizeEdges } from './every-op-graph'
import { openTflitePage, type ModelInput, type TflitePage } from './tfjs-tflite-page'

/** Largest difference allowed between TFLite's float32 value and ours, relative to the value (≥ 1). */
const FLOAT_TOLERANCE = 1e-5

/** The worst difference of one op kind (or of a model's outputs): int8 in steps, float32 relative. */
interface Worst {
  steps: number
  floatError: number
  ops: number
}

let page: TflitePage
let served = 0

beforeAll(async () => {
  page = await openTflitePage()
}, 60_000)

afterAll(async () => {
  await page?.close()
})

/** Writes `graph` with our writer and has TFLite load it under a fresh name. */
function serve(graph: ModelGraph): string {
  const name = `model-${++served}.tflite`
  page.serveModel(name, writeTflite(graph))
  return name
}

function compare(graph: ModelGraph, tensor: number, ours: TensorData, theirs: readonly number[], w: Worst) {
  if (graph.tensors[tensor]!.dtype === 'int8') w.steps = Math.max(w.steps, difference(ours, theirs))
  else
    for (let i = 0; i < ours.length; i++)
      w.floatError = Math.max(w.floatError, Math.abs(ours[i]! - theirs[i]!) / Math.max(1, Math.abs(ours[i]!)))
}

/** Runs every op of `graph` on the reference's values of its inputs, in TFLite; the worst by op kind. */
async function opByOp(graph: ModelGraph, inputs: readonly ModelInput[]): Promise<Map<string, Worst>> {
  const reference = createInterpreter(graph).runAll(inputs)
  const cut = decoupledGraph(graph)
  const [outputs] = await page.run(serve(cut.graph), [valuesOf(reference, cut.inputs) as ModelInput[]])
  const byKind = new Map<string, Worst>()
  cut.outputs.forEach((tensor, k) => {
    const kind = graph.ops[cut.outputOps[k]!]!.kind
    const worst = byKind.get(kind) ?? { steps: 0, floatError: 0, ops: 0 }
    compare(graph, tensor, reference[tensor]!, outputs![k]!, worst)
    byKind.set(kind, { ...worst, ops: worst.ops + 1 })
  })
  return byKind
}

/** Runs the whole of `graph` in TFLite; the worst difference of its outputs from the reference's. */
async function whole(graph: ModelGraph, inputs: readonly ModelInput[]): Promise<Worst> {
  const ours = createInterpreter(graph).run(inputs)
  const [theirs] = await page.run(serve(graph), [inputs])
  const worst: Worst = { steps: 0, floatError: 0, ops: graph.ops.length }
  graph.outputs.forEach((tensor, k) => compare(graph, tensor, ours[k]!, theirs![k]!, worst))
  return worst
}

function describeWorst(byKind: ReadonlyMap<string, Worst>): string {
  return [...byKind].map(([kind, w]) => `${kind} ×${w.ops}: ${w.steps}`).join(', ')
}

function expectWithinOneStep(byKind: ReadonlyMap<string, Worst>): void {
  for (const [kind, w] of byKind) {
    expect({ kind, steps: w.steps }).toEqual({ kind, steps: Math.min(w.steps, 1) })
    expect({ kind, floatError: w.floatError }).toEqual({
      kind,
      floatError: Math.min(w.floatError, FLOAT_TOLERANCE),
    })
  }
}

function randomInt8Input(graph: ModelGraph, seed: number): Int8Array {
  const rng = createRng(seed)
  const n = graph.tensors[graph.inputs[0]!]!.shape.reduce((a, b) => a * b, 1)
  return Int8Array.from({ length: n }, () => rng.int(-128, 127))
}

describe('.tflite files we write, run by TensorFlow Lite (tfjs-tflite in headless Chromium)', () => {
  it.each(MLPERF_TINY_FILES)(
    'runs every op of %s, read and written again by us, within one int8 step of our reference',
    async (file) => {
      const graph = readTflite(mlperfTinyBytes(file))
      const byKind = await opByOp(graph, [randomInt8Input(graph, 0x5eed)])
      const all = await whole(graph, [randomInt8Input(graph, 0x5eed)])
      console.log(
        `${file}: worst int8 steps by op: ${describeWorst(byKind)}; whole model's output: ${all.steps}`,
      )
      expectWithinOneStep(byKind)
    },
  )

  it.each([
    ['per tensor', false],
    ['per channel', true],
  ])(
    'runs every op of a PTQ variant with dense layers quantized %s and an emptied conv filter within one step',
    async (how, perChannel) => {
      const graph = everyOpInt8Graph(perChannel)
      const inputs = [randomInt8Input(graph, 0xabc)]
      const byKind = await opByOp(graph, inputs)
      const all = await whole(graph, inputs)
      console.log(`every-op int8 (${how}): ${describeWorst(byKind)}; whole model's output: ${all.steps}`)
      expectWithinOneStep(byKind)
      expect(all.steps).toBeLessThanOrEqual(1)
    },
  )

  it('runs QUANTIZE from float32, int8 → int8 requantization and DEQUANTIZE to float32 as we do', async () => {
    const graph = withQuantizeEdges(everyOpInt8Graph(false))
    const inputs = floatInputs(graph, 1, 0xdef)
    const byKind = await opByOp(graph, inputs)
    console.log(`every-op int8 between float edges: ${describeWorst(byKind)}`)
    expectWithinOneStep(byKind)
    expect(byKind.get('quantize')).toEqual({ steps: 0, floatError: 0, ops: 2 })
    expect(byKind.get('dequantize')).toEqual({ steps: 0, floatError: 0, ops: 1 })
  })

  it('runs a float32 variant with every op within 1e-5 of our float reference, op by op and as a whole', async () => {
    const graph = everyOpFloatGraph()
    const inputs = floatInputs(graph, 1, 0x123)
    const byKind = await opByOp(graph, inputs)
    const all = await whole(graph, inputs)
    console.log(
      `every-op float32: worst relative error ${Math.max(...[...byKind.values()].map((w) => w.floatError))}; ` +
        `whole model's output: ${all.floatError}`,
    )
    expectWithinOneStep(byKind)
    expect(all.floatError).toBeLessThanOrEqual(FLOAT_TOLERANCE)
  })

  it('loads everything from node_modules through the local server: nothing from elsewhere, no page error', () => {
    expect(page.offline).toEqual([])
    expect(page.errors).toEqual([])
    expect(page.served.some((path) => path.endsWith('.wasm'))).toBe(true)
  })
})
