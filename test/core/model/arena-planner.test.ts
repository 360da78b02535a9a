/**
 * The arena planner (src/core/model/arena-planner.ts): on random requests — tensors with random lifetimes,
 * aliases with random offsets, scratch buffers — no two live bytes of different buffers ever share an address
 * and every alias keeps its offset; and on small requests a brute force over every offset of every buffer
 * finds nothing smaller than the plan. (test/core/codegen/c/model-equivalence.slow.test.ts checks the same
 * property on real runs of generated code.)
 */
import { describe, expect, it } from 'vitest'
import {
  planMemory,
  type MemoryPlan,
  type MemoryRequest,
  type PlanAlias,
} from '../../../src/core/model/arena-planner'
import { createRng, type Rng } from '../../../src/core/train/random'

const A = 4

/** Alias groups and each tensor's offset in its group, computed here independently of the planner. */
function groupOffsets(request: MemoryRequest): Map<number, { group: number; offset: number }> {
  const at = new Map(request.tensors.map((t) => [t.id, { group: t.id, offset: 0 }]))
  let changed = true
  while (changed) {
    changed = false
    for (const { input, output, delta } of request.aliases) {
      const i = at.get(input)!
      const o = at.get(output)!
      const wanted = { group: i.group, offset: i.offset + delta }
      if (o.group !== wanted.group || o.offset !== wanted.offset) {
        // Move the output's whole group so that the output lands where the alias puts it.
        const shift = wanted.offset - o.offset
        for (const [id, v] of at)
          if (v.group === o.group) at.set(id, { group: i.group, offset: v.offset + shift })
        changed = true
      }
    }
  }
  return at
}

interface Span {
  readonly who: string
  readonly group: number
  readonly from: number
  readonly to: number
}

type Groups = ReturnType<typeof groupOffsets>

/** Scratch buffer i is a group of its own, numbered −1000 − i. */
const scratchGroup = (i: number) => -1000 - i

/** The byte ranges live during op t, each with its alias group. */
function liveSpans(
  request: MemoryRequest,
  groups: Groups,
  base: (group: number) => number,
  t: number,
): Span[] {
  const spans: Span[] = request.tensors
    .filter((x) => x.firstOp <= t && t <= x.lastOp)
    .map((x) => {
      const g = groups.get(x.id)!
      const from = base(g.group) + g.offset
      return { who: `tensor ${x.id}`, group: g.group, from, to: from + Math.ceil(x.bytes / A) * A }
    })
  request.scratch.forEach((s, i) => {
    if (s.op !== t) return
    const from = base(scratchGroup(i))
    spans.push({
      who: `scratch ${s.key}`,
      group: scratchGroup(i),
      from,
      to: from + Math.ceil(s.bytes / A) * A,
    })
  })
  return spans
}

/** Pairs of live ranges of different groups that share a byte, over every op. */
function overlaps(request: MemoryRequest, plan: MemoryPlan): string[] {
  const groups = groupOffsets(request)
  const base = (group: number) => {
    if (group <= scratchGroup(0))
      return plan.scratchOffsets.get(request.scratch[scratchGroup(0) - group]!.key)!
    const member = request.tensors.find((t) => groups.get(t.id)!.group === group)!
    return plan.tensorOffsets.get(member.id)! - groups.get(member.id)!.offset
  }
  const problems: string[] = []
  for (let t = 0; t < request.opCount; t++) {
    const spans = liveSpans(request, groups, base, t)
    spans.forEach((a, i) =>
      spans.slice(i + 1).forEach((b) => {
        if (a.group !== b.group && a.from < b.to && b.from < a.to)
          problems.push(`op ${t}: ${a.who} and ${b.who}`)
      }),
    )
  }
  return problems
}

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

/**
 * The smallest peak of any placement, by enumerating every aligned base of every group (and scratch buffer)
 * below `limit`: depth-first, the largest group first, each base checked against the groups already placed.
 */
function bruteForcePeak(request: MemoryRequest, limit: number): number {
  const groups = groupOffsets(request)
  const ids = [
    ...new Set([...groups.values()].map((g) => g.group)),
    ...request.scratch.map((_, i) => scratchGroup(i)),
  ]
  // Each group's ranges per op relative to a base of 0.
  const relative = new Map(ids.map((id) => [id, Array.from({ length: request.opCount }, () => [] as Span[])]))
  for (let t = 0; t < request.opCount; t++)
    for (const span of liveSpans(request, groups, () => 0, t)) relative.get(span.group)![t]!.push(span)
  const flat = (id: number) => relative.get(id)!
  const lowest = (id: number) =>
    Math.min(
      0,
      ...flat(id)
        .flat()
        .map((s) => s.from),
    )
  const highest = (id: number) =>
    Math.max(
      0,
      ...flat(id)
        .flat()
        .map((s) => s.to),
    )
  ids.sort((x, y) => highest(y) - lowest(y) - (highest(x) - lowest(x)))
  let best = limit
  const bases: number[] = []
  const fits = (i: number, base: number) =>
    flat(ids[i]!).every((spans, t) =>
      spans.every((a) =>
        ids
          .slice(0, i)
          .every((other, j) =>
            flat(other)[t]!.every(
              (b) => a.from + base >= b.to + bases[j]! || b.from + bases[j]! >= a.to + base,
            ),
          ),
      ),
    )
  const visit = (i: number, height: number) => {
    if (height >= best) return
    if (i === ids.length) {
      best = height
      return
    }
    for (let base = -lowest(ids[i]!); base + highest(ids[i]!) < best; base += A) {
      if (!fits(i, base)) continue
      bases[i] = base
      visit(i + 1, Math.max(height, base + highest(ids[i]!)))
    }
  }
  visit(0, 0)
  return best
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
