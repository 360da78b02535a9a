/**
 * The arena of generated code on small random graphs, checked with the planner-independent helpers of
 * test/core/model/arena-brute-force.ts: with the ops the generator runs in place (and their rings and
 * scratch), no two live bytes of different buffers share an address during any op, and a brute force over
 * every aligned offset of every buffer finds no smaller arena than MOTE_MODEL_ARENA_BYTES. (The brute force
 * takes the in-place decisions as given: it proves the placement minimal, not the choice of what runs in
 * place.)
 */
import { describe, expect, it } from 'vitest'
import { generateModelCode } from '../../../../src/core/codegen/c/generate'
import type { ModelGraph } from '../../../../src/core/model/graph'
import { A, bruteForcePeak, overlaps } from '../../model/arena-brute-force'
import { randomGraphs } from './random-graphs'

/** Blocks the brute force can still enumerate in a unit test's time. */
const MAX_BLOCKS = 6

function arenaOf(graph: ModelGraph) {
  const code = generateModelCode({ graph })
  expect(code.header.text).toContain(`_ARENA_BYTES ${code.memory.plan.peakBytes}`)
  return code.memory
}

describe('the arena of generated code for small random graphs', () => {
  const graphs = Array.from({ length: 60 }, (_, i) => randomGraphs(500 + i, 1 + (i % 3)))

  it('never lets two live buffers share a byte, int8 and float', () => {
    for (const [i, g] of graphs.entries()) {
      for (const graph of [g.int8, g.float]) {
        const { request, plan } = arenaOf(graph)
        expect(overlaps(request, plan), `graph ${i} (${graph.ops.length} ops)`).toEqual([])
      }
    }
  })

  it('is minimal: a brute force over every offset of up to 6 blocks finds no smaller arena', () => {
    let searched = 0
    let inPlace = 0
    for (const [i, g] of graphs.entries()) {
      const { request, plan } = arenaOf(g.int8)
      if (plan.blocks.length > MAX_BLOCKS) continue
      searched++
      if (request.aliases.length > 0) inPlace++
      expect(bruteForcePeak(request, plan.peakBytes + A), `graph ${i}`).toBe(plan.peakBytes)
    }
    // Enough graphs small enough to search, most with ops run in place or aliased.
    expect(searched).toBeGreaterThan(40)
    expect(inPlace).toBeGreaterThan(searched / 2)
  })
})
