/**
 * Placing arena blocks (arena-planner.ts) whose footprint varies over time: while op t runs, block B occupies
 * the byte ranges spans[t] shifted by its base — one range for a lone tensor, several when an in-place chain
 * holds tensors with a gap between them. Two blocks conflict when, during some op both are live, two of their
 * ranges overlap; a placement is valid when no two blocks conflict.
 */

/** A byte range [from, to) relative to a block's base. */
export type Span = readonly [from: number, to: number]

export interface Block {
  readonly name: string
  /** The tensors in the block (id −1 for a scratch buffer) at their offsets from the block's base. */
  readonly members: readonly {
    readonly id: number
    readonly offset: number
    readonly bytes: number
    readonly firstOp: number
    readonly lastOp: number
  }[]
  readonly firstOp: number
  readonly lastOp: number
  /** Footprint during op firstOp + i: disjoint ranges, sorted (none when nothing is live). */
  readonly spans: readonly (readonly Span[])[]
  /** The highest byte any span reaches: the block's height. */
  readonly extent: number
}

export interface PlacedBlock extends Block {
  readonly base: number
}

/** Runs `visit` for every op both blocks are live at, with their spans then. */
function eachCommonOp(a: Block, b: Block, visit: (spansA: readonly Span[], spansB: readonly Span[]) => void) {
  const to = Math.min(a.lastOp, b.lastOp)
  for (let t = Math.max(a.firstOp, b.firstOp); t <= to; t++)
    visit(a.spans[t - a.firstOp]!, b.spans[t - b.firstOp]!)
}

/**
 * The open intervals (x, y) of bases at which `block` would conflict with `other`: for each op both are live
 * and each pair of their ranges, base ∈ (other.base + o.from − b.to, other.base + o.to − b.from).
 */
function forbiddenBases(block: Block, other: PlacedBlock): [number, number][] {
  const out: [number, number][] = []
  eachCommonOp(block, other, (mine, theirs) => {
    for (const [bf, bt] of mine)
      for (const [of, ot] of theirs) out.push([other.base + of - bt, other.base + ot - bf])
  })
  return out
}

function forbiddenAll(block: Block, placed: readonly PlacedBlock[]): [number, number][] {
  return placed.flatMap((p) => forbiddenBases(block, p)).sort((x, y) => x[0] - y[0])
}

/**
 * The lowest base ≥ 0 at which `block` conflicts with no placed block. Intervals are scanned by their
 * start: while one starts below the candidate, the candidate moves past its end; the first interval that
 * starts at or above the candidate (and every later one) leaves it free.
 */
export function firstFitBase(block: Block, placed: readonly PlacedBlock[]): number {
  let base = 0
  for (const [a, b] of forbiddenAll(block, placed)) {
    if (a >= base) break
    base = Math.max(base, b)
  }
  return base
}

/** First fit in the given order. */
export function placeInOrder(blocks: readonly Block[]): PlacedBlock[] {
  const placed: PlacedBlock[] = []
  for (const block of blocks) placed.push({ ...block, base: firstFitBase(block, placed) })
  return placed
}

const isFree = (base: number, forbidden: readonly [number, number][]) =>
  forbidden.every(([a, b]) => base <= a || base >= b)

/**
 * Bases worth trying for `block`: 0, and every base at which one of its ranges would rest on a range of a
 * placed block during some op (touching it from above), kept when free.
 */
function contactBases(block: Block, placed: readonly PlacedBlock[]): number[] {
  const candidates = new Set([0])
  for (const p of placed)
    eachCommonOp(block, p, (mine, theirs) => {
      for (const [bf] of mine)
        for (const [, ot] of theirs) if (p.base + ot - bf >= 0) candidates.add(p.base + ot - bf)
    })
  const forbidden = forbiddenAll(block, placed)
  return [...candidates].filter((base) => isFree(base, forbidden)).sort((x, y) => x - y)
}

/** Search nodes after which the exact search gives up (its result is then not proven optimal). */
const NODE_BUDGET = 50_000

/**
 * The minimal placement, by exhaustive search: any valid placement can be lowered, block by block, until
 * each block rests on the floor or on another block (a group of blocks that rest only on each other can be
 * lowered together, so in the end every group rests on something outside it). Placing the blocks in the
 * order they came to rest, each at a contact base with those already placed, reproduces it; so searching
 * every order and every contact base reaches a placement no higher than the optimum. Branches that reach
 * the best height so far are cut, and the search stops at `floor` (a lower bound). Returns the best placement
 * below `upperBound` (or none) and whether the search finished within its budget.
 */
export function searchExact(
  blocks: readonly Block[],
  upperBound: number,
  floor: number,
): { placed: PlacedBlock[] | undefined; complete: boolean } {
  let best: PlacedBlock[] | undefined
  let bound = upperBound
  let nodes = 0
  const ordered = [...blocks].sort((a, b) => b.extent - a.extent)
  const visit = (placed: PlacedBlock[], remaining: readonly Block[], height: number): void => {
    if (++nodes > NODE_BUDGET || bound <= floor) return
    if (remaining.length === 0) {
      best = [...placed]
      bound = height
      return
    }
    remaining.forEach((block, i) => {
      const rest = remaining.filter((_, j) => j !== i)
      for (const base of contactBases(block, placed)) {
        const top = Math.max(height, base + block.extent)
        if (top >= bound) break
        visit([...placed, { ...block, base }], rest, top)
      }
    })
  }
  visit([], ordered, 0)
  return { placed: best, complete: nodes <= NODE_BUDGET }
}
