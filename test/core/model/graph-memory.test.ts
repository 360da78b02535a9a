/**
 * The arena plan: hand-checked lifetimes and offsets on small graphs, the plan's invariants on the four
 * MLPerf Tiny models, and our peaks beside TFLM's `arena_used_bytes()` from the models' README.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readTflite } from '../../../src/core/codegen/tflite/reader'
import type { ModelGraph, Op, Tensor } from '../../../src/core/model/graph'
import { arenaBuffers, planArena } from '../../../src/core/model/graph-memory'
import { MLPERF_TINY_DIR } from '../../fixtures/mlperf-tiny'

const MODELS_DIR = MLPERF_TINY_DIR

const act = (name: string, elements: number, dtype: Tensor['dtype'] = 'int8'): Tensor => ({
  name,
  shape: [1, elements],
  dtype,
})
const relu = (input: number, output: number): Op => ({ kind: 'relu', inputs: [input], outputs: [output] })

describe('tensor lifetimes and the greedy arena plan on hand-made graphs', () => {
  // a (100 B) → b (200 B) → c (50 B)
  const chain: ModelGraph = {
    tensors: [act('a', 100), act('b', 200), act('c', 50)],
    ops: [relu(0, 1), relu(1, 2)],
    inputs: [0],
    outputs: [2],
  }

  it('makes each tensor live from its writer to its last reader, with sizes rounded up to 16 bytes', () => {
    const buffers = arenaBuffers(chain).sort((x, y) => x.tensors[0]! - y.tensors[0]!)
    expect(buffers.map((b) => [b.tensors, b.firstOp, b.lastOp, b.bytes])).toEqual([
      [[0], 0, 0, 112],
      [[1], 0, 1, 208],
      [[2], 1, 1, 64],
    ])
    expect(
      arenaBuffers(chain, { alignment: 4 })
        .map((b) => b.bytes)
        .sort((x, y) => x - y),
    ).toEqual([52, 100, 200])
  })

  it('places the largest buffer first and lets tensors that never meet share bytes', () => {
    const plan = planArena(chain)
    const at = (t: number) => plan.buffers.find((b) => b.tensors.includes(t))!.offset
    expect([at(1), at(0), at(2)]).toEqual([0, 208, 208])
    expect(plan.peakBytes).toBe(320)
    expect(plan.lowerBoundBytes).toBe(320)
    expect(plan.busiestOp).toBe(0)
  })

  it('keeps a residual branch alive until the add that reads it', () => {
    // x → r1 → r2; add(x, r2): x lives through op 2, so r1 and r2 cannot reuse its bytes.
    const graph: ModelGraph = {
      tensors: [act('x', 64), act('r1', 64), act('r2', 64), act('sum', 64)],
      ops: [relu(0, 1), relu(1, 2), { kind: 'add', inputs: [0, 2], outputs: [3], activation: 'none' }],
      inputs: [0],
      outputs: [3],
    }
    const plan = planArena(graph)
    expect(arenaBuffers(graph).find((b) => b.tensors[0] === 0)!.lastOp).toBe(2)
    expect(plan.peakBytes).toBe(192)
    expect(plan.lowerBoundBytes).toBe(192)
  })

  it('lets a reshape output share its input buffer, or not, as asked', () => {
    const graph: ModelGraph = {
      tensors: [
        act('x', 32),
        act('y', 32),
        { name: 's', shape: [2], dtype: 'int32', data: Int32Array.of(1, 32) },
        act('z', 32),
        act('w', 32),
      ],
      ops: [relu(0, 1), { kind: 'reshape', inputs: [1, 2], outputs: [3] }, relu(3, 4)],
      inputs: [0],
      outputs: [4],
    }
    const aliased = arenaBuffers(graph).find((b) => b.tensors.includes(3))!
    expect(aliased.tensors).toEqual([1, 3])
    expect([aliased.firstOp, aliased.lastOp]).toEqual([0, 2])
    expect(planArena(graph).peakBytes).toBe(64)
    expect(planArena(graph, { aliasReshape: false }).peakBytes).toBe(64)
    expect(arenaBuffers(graph, { aliasReshape: false })).toHaveLength(4)
  })

  it('counts float32 tensors at 4 bytes per element', () => {
    const graph: ModelGraph = {
      tensors: [act('x', 10, 'float32'), act('y', 10, 'float32')],
      ops: [relu(0, 1)],
      inputs: [0],
      outputs: [1],
    }
    expect(planArena(graph, { alignment: 4 }).peakBytes).toBe(80)
  })
})

/** TFLM `arena_used_bytes()`, Cortex-M4, reference kernels (README); and our plan's figures (16-byte alignment). */
const MLPERF = [
  { file: 'kws_ref_model.tflite', tflm: 22_772, peak: 16_000, lowerBound: 16_000 },
  { file: 'vww_96_int8.tflite', tflm: 100_660, peak: 64_512, lowerBound: 55_296 },
  { file: 'pretrainedResnet_quant.tflite', tflm: 54_340, peak: 49_152, lowerBound: 49_152 },
  { file: 'ad01_int8.tflite', tflm: 2_260, peak: 768, lowerBound: 768 },
]

describe('arena plans of the MLPerf Tiny models', () => {
  for (const model of MLPERF) {
    const graph = readTflite(new Uint8Array(readFileSync(resolve(MODELS_DIR, model.file))))
    const plan = planArena(graph)

    it(`${model.file}: never gives the same bytes to two tensors live at once, and aligns every offset`, () => {
      for (const a of plan.buffers) {
        expect(a.offset % 16).toBe(0)
        for (const b of plan.buffers) {
          if (a === b || a.lastOp < b.firstOp || b.lastOp < a.firstOp) continue
          expect(a.offset + a.bytes <= b.offset || b.offset + b.bytes <= a.offset).toBe(true)
        }
      }
      const planned = plan.buffers.flatMap((b) => b.tensors).sort((x, y) => x - y)
      const activations = graph.tensors.flatMap((t, i) => (t.data === undefined ? [i] : []))
      expect(planned).toEqual(activations)
    })

    it(`${model.file}: peaks at ${model.peak} B, below TFLM's ${model.tflm} B, which adds its own structures`, () => {
      expect(plan.peakBytes).toBe(model.peak)
      expect(plan.lowerBoundBytes).toBe(model.lowerBound)
      expect(plan.peakBytes).toBeGreaterThanOrEqual(plan.lowerBoundBytes)
      expect(plan.peakBytes).toBeLessThanOrEqual(model.tflm)
      expect(plan.peakBytes).toBeGreaterThan(model.tflm * 0.3)
    })
  }
})
