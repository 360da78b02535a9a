/**
 * The static arena planner the code generator uses (DESIGN.md §6): it goes past TensorFlow Lite Micro's
 * greedy plan (graph-memory.ts, kept for comparison) in three ways.
 *
 * 1. Tensors that may share bytes are planned as one block. An alias says "`output` lives `delta` bytes after
 *    `input`": a RESHAPE (delta 0: the same bytes under a new shape), an element-wise op run in place
 *    (delta 0), or a window op writing over its own input at the offset src/core/model/in-place.ts chose. The
 *    caller guarantees that the kernel may overlap the two; the planner only places the block.
 * 2. A block's footprint varies over time: while op t runs it occupies the byte ranges of its live members
 *    (gaps between them stay usable), so a convolution chain run in place is one block as wide as its
 *    widest tensor at each moment, not a rectangle. Scratch buffers (rings, patches, decoded filters) are
 *    blocks that live during one op.
 * 3. Blocks are placed by first fit under several orders (largest first, as TFLM does; by area; by birth;
 *    by lifetime), and the best is kept. A plan that reaches the lower bound — the largest total footprint
 *    live during one op, which no placement can beat — is optimal. Otherwise, for up to EXACT_BLOCKS blocks,
 *    an exhaustive search over placement orders and contact positions finds the optimum (searchExact in
 *    arena-placement.ts), within a node budget.
 *
 * Offsets and sizes are multiples of `alignment`; alias deltas must be too. Not counted: anything outside
 * the arena (weights live in flash).
 */
import { type Block, type PlacedBlock, placeInOrder, searchExact, type Span } from './arena-placement'

export interface PlanTensor {
  /** The caller's name for the tensor (a tensor index). */
  readonly id: number
  readonly bytes: number
  /** First and last op (inclusive) during which the tensor must hold its value. */
  readonly firstOp: number
  readonly lastOp: number
}

export interface PlanAlias {
  readonly input: number
  readonly output: number
  /** output's offset − input's offset, in bytes (a multiple of the alignment). */
  readonly delta: number
}

export interface PlanScratch {
  readonly key: string
  readonly op: number
  readonly bytes: number
}

export interface MemoryRequest {
  readonly opCount: number
  readonly tensors: readonly PlanTensor[]
  readonly aliases: readonly PlanAlias[]
  readonly scratch: readonly PlanScratch[]
  readonly alignment: number
}

export interface MemoryPlan {
  readonly alignment: number
  /** What the firmware allocates: the highest byte any block reaches. */
  readonly peakBytes: number
  /** The largest total footprint live during one op: no placement of these blocks can be smaller. */
  readonly lowerBoundBytes: number
  readonly busiestOp: number
  /** True when the plan is proven minimal for its blocks (it reaches the lower bound, or was searched). */
  readonly optimal: boolean
  readonly tensorOffsets: ReadonlyMap<number, number>
  readonly scratchOffsets: ReadonlyMap<string, number>
  readonly blocks: readonly PlacedBlock[]
}

/** Blocks above this count are placed by the heuristics alone. */
export const EXACT_BLOCKS = 6

const alignUp = (v: number, a: number) => Math.ceil(v / a) * a

/** Relative offsets of aliased tensors: tensor → [root, offset from the root]. */
function aliasOffsets(request: MemoryRequest): Map<number, { root: number; offset: number }> {
  const at = new Map(request.tensors.map((t) => [t.id, { root: t.id, offset: 0 }]))
  const find = (id: number): { root: number; offset: number } => {
    const entry = at.get(id)
    if (!entry) throw new Error(`The memory request aliases tensor ${id}, which it does not list.`)
    if (entry.root === id) return entry
    const parent = find(entry.root)
    const resolved = { root: parent.root, offset: parent.offset + entry.offset }
    at.set(id, resolved)
    return resolved
  }
  for (const alias of request.aliases) {
    if (alias.delta % request.alignment !== 0)
      throw new Error(
        `Alias ${alias.input} → ${alias.output} has a delta not aligned to ${request.alignment}.`,
      )
    const input = find(alias.input)
    const output = find(alias.output)
    const wanted = input.offset + alias.delta
    if (input.root === output.root) {
      if (output.offset !== wanted) throw new Error(`Tensor ${alias.output} is aliased at two offsets.`)
      continue
    }
    // Hang the output's group under the input's root so that the output lands at `wanted`.
    at.set(output.root, { root: input.root, offset: wanted - output.offset })
  }
  for (const t of request.tensors) find(t.id)
  return at
}

/** One block per alias group and per scratch buffer, with its footprint over its lifetime. */
export function planBlocks(request: MemoryRequest): Block[] {
  const a = request.alignment
  const offsets = aliasOffsets(request)
  const groups = new Map<number, PlanTensor[]>()
  for (const t of request.tensors) {
    const root = offsets.get(t.id)!.root
    groups.set(root, [...(groups.get(root) ?? []), t])
  }
  const blocks: Block[] = [...groups.values()].map((members) => {
    const base = Math.min(...members.map((m) => offsets.get(m.id)!.offset))
    const placed = members.map((m) => ({
      id: m.id,
      offset: offsets.get(m.id)!.offset - base,
      bytes: alignUp(m.bytes, a),
      firstOp: m.firstOp,
      lastOp: m.lastOp,
    }))
    return footprint(`tensor ${members[0]!.id}`, placed)
  })
  for (const s of request.scratch)
    blocks.push(
      footprint(`scratch ${s.key}`, [
        { id: -1, offset: 0, bytes: alignUp(s.bytes, a), firstOp: s.op, lastOp: s.op },
      ]),
    )
  return blocks.filter((b) => b.extent > 0)
}

type Member = Block['members'][number]

/** The union of ranges, as disjoint sorted ranges. */
function union(ranges: readonly Span[]): Span[] {
  const out: [number, number][] = []
  for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = out.at(-1)
    if (last && from <= last[1]) last[1] = Math.max(last[1], to)
    else out.push([from, to])
  }
  return out
}

function footprint(name: string, members: readonly Member[]): Block {
  const firstOp = Math.min(...members.map((m) => m.firstOp))
  const lastOp = Math.max(...members.map((m) => m.lastOp))
  const spans: Span[][] = []
  for (let t = firstOp; t <= lastOp; t++) {
    const live = members.filter((m) => m.firstOp <= t && t <= m.lastOp)
    spans.push(union(live.map((m): Span => [m.offset, m.offset + m.bytes])))
  }
  return { name, members, firstOp, lastOp, spans, extent: Math.max(0, ...spans.flat().map((x) => x[1])) }
}

/** Bytes a block occupies during op firstOp + i. */
const liveBytes = (b: Block, i: number) => b.spans[i]!.reduce((sum, [from, to]) => sum + to - from, 0)

/** The largest total footprint live during one op, and that op. */
export function lowerBound(blocks: readonly Block[], opCount: number): { bytes: number; op: number } {
  let best = { bytes: 0, op: 0 }
  for (let t = 0; t < opCount; t++) {
    let sum = 0
    for (const b of blocks) if (b.firstOp <= t && t <= b.lastOp) sum += liveBytes(b, t - b.firstOp)
    if (sum > best.bytes) best = { bytes: sum, op: t }
  }
  return best
}

const ORDERS: readonly ((a: Block, b: Block) => number)[] = [
  (a, b) => b.extent - a.extent || a.firstOp - b.firstOp,
  (a, b) => area(b) - area(a) || a.firstOp - b.firstOp,
  (a, b) => a.firstOp - b.firstOp || b.extent - a.extent,
  (a, b) => b.lastOp - b.firstOp - (a.lastOp - a.firstOp) || b.extent - a.extent,
]

function area(b: Block): number {
  return b.spans.reduce((sum, _, i) => sum + liveBytes(b, i), 0)
}

const peakOf = (placed: readonly PlacedBlock[]) => Math.max(0, ...placed.map((p) => p.base + p.extent))

/** Plans the arena for `request` (see the file comment). */
export function planMemory(request: MemoryRequest): MemoryPlan {
  const blocks = planBlocks(request)
  const bound = lowerBound(blocks, request.opCount)
  let best = placeInOrder([...blocks].sort(ORDERS[0]))
  for (const order of ORDERS.slice(1)) {
    if (peakOf(best) === bound.bytes) break
    const placed = placeInOrder([...blocks].sort(order))
    if (peakOf(placed) < peakOf(best)) best = placed
  }
  let optimal = peakOf(best) === bound.bytes
  if (!optimal && blocks.length <= EXACT_BLOCKS) {
    const exact = searchExact(blocks, peakOf(best), bound.bytes)
    best = exact.placed ?? best
    optimal = exact.complete
  }
  return toPlan(request, best, bound, optimal)
}

function toPlan(
  request: MemoryRequest,
  placed: readonly PlacedBlock[],
  bound: { bytes: number; op: number },
  optimal: boolean,
): MemoryPlan {
  const tensorOffsets = new Map<number, number>()
  const scratchOffsets = new Map<string, number>()
  for (const p of placed) for (const m of p.members) if (m.id >= 0) tensorOffsets.set(m.id, p.base + m.offset)
  for (const s of request.scratch) {
    const block = placed.find((p) => p.name === `scratch ${s.key}`)
    scratchOffsets.set(s.key, block?.base ?? 0)
  }
  return {
    alignment: request.alignment,
    peakBytes: peakOf(placed),
    lowerBoundBytes: bound.bytes,
    busiestOp: bound.op,
    optimal,
    tensorOffsets,
    scratchOffsets,
    blocks: placed,
  }
}
