/**
 * Independent checks of an arena plan, written without the planner's own reasoning: which live byte ranges of
 * different buffers overlap during any op, and the smallest peak any placement can reach, by brute force
 * over every aligned offset. Used on random requests (arena-planner.test.ts) and on the plans of random
 * graphs (test/core/codegen/c/plan-minimal.test.ts).
 */
import type { MemoryPlan, MemoryRequest } from '../../../src/core/model/arena-planner'

/** The alignment every request here uses. */
export const A = 4

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
export function overlaps(request: MemoryRequest, plan: MemoryPlan): string[] {
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
 * The smallest peak of any placement, by enumerating every aligned base of every group (and scratch buffer)
 * below `limit`: depth-first, the largest group first, each base checked against the groups already placed.
 */
export function bruteForcePeak(request: MemoryRequest, limit: number): number {
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
