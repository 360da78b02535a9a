/**
 * The arena planner (src/core/model/arena-planner.ts): on random requests — tensors with random lifetimes,
 * aliases with random offsets, scratch buffers — no two live bytes of different buffers ever share an address
 * and every alias keeps its offset; and on small requests a brute force over every offset of every buffer
 * finds nothing smaller than the plan. (test/core/codegen/c/model-equivalence.slow.test.ts checks the same
 * property on real runs of generated code.)
 */
import { describe, expect, it } from 'vitest'
import { planMemory, type MemoryRequest, type PlanAlias } from '../../../src/core/model/arena-planner'
import { createRng, type Rng } from '../../../src/core/train/random'
import { A, bruteForcePeak, overlaps } from './arena-brute-force'

/**
 * A random request shaped like a graph's: tensors born at an op and dying later, some outputs aliased to an
 * input that dies at that op (in place, at a random aligned offset) or that lives on (a view, offset 0).
 */
function randomRequest(rng: Rng, tensorCount: number, maxUnits: number): MemoryRequest {
  const opCount = rng.int(2, 8)
  const tensors = Array.from({ length: tensorCount }, (_, id) => {
    const firstOp = rng.int(0, opCount - 1)
    return { id, bytes: rng.int(1, maxUnits * A), firstOp, lastOp: rng.int(firstOp, opCount - 1) }
  })
  const aliases: PlanAlias[] = []
  const aliased = new Set<number>()
  for (const out of tensors) {
    const input = tensors.find((x) => x.lastOp === out.firstOp && x.id !== out.id && !aliased.has(x.id))
    if (!input || aliased.has(out.id) || rng.next() < 0.5) continue
    const units = Math.ceil(input.bytes / A)
    aliases.push({ input: input.id, output: out.id, delta: rng.int(-units, units) * A })
    aliased.add(input.id).add(out.id)
  }
  const scratch = Array.from({ length: rng.int(0, 2) }, (_, i) => ({
    key: `s${i}`,
    op: rng.int(0, opCount - 1),
    bytes: rng.int(1, maxUnits * A),
  }))
  return { opCount, tensors, aliases, scratch, alignment: A }
}

describe('the arena planner', () => {
  it('never lets two live buffers share a byte, on 3000 random requests with aliases and scratch', () => {
    const rng = createRng(41)
    for (let i = 0; i < 3000; i++) {
      const request = randomRequest(rng, rng.int(1, 12), 16)
      const plan = planMemory(request)
      expect(overlaps(request, plan), `request ${i}: ${JSON.stringify(request)}`).toEqual([])
      for (const a of request.aliases)
        expect(plan.tensorOffsets.get(a.output)! - plan.tensorOffsets.get(a.input)!).toBe(a.delta)
      expect(plan.peakBytes).toBeGreaterThanOrEqual(plan.lowerBoundBytes)
    }
  })

  it('finds the minimal arena: a brute force over every offset of up to 6 buffers finds nothing smaller', () => {
    const rng = createRng(42)
    let searched = 0
    let aboveBound = 0
    for (let i = 0; i < 400; i++) {
      const request = randomRequest(rng, rng.int(2, 5), 5)
      const plan = planMemory(request)
      if (plan.blocks.length > 6) continue
      searched++
      if (plan.peakBytes > plan.lowerBoundBytes) aboveBound++
      expect(bruteForcePeak(request, plan.peakBytes + A), `request ${i}: ${JSON.stringify(request)}`).toBe(
        plan.peakBytes,
      )
      expect(plan.optimal).toBe(true)
    }
    expect(searched).toBeGreaterThan(300)
    // Some requests cannot reach the simple bound, so the search had real work to do.
    expect(aboveBound).toBeGreaterThan(10)
  })
})
