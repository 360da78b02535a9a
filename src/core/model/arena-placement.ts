/**
 * Placing arena blocks (arena-planner.ts) whose footprint varies over time: block B occupies
 * [base + low[t], base + high[t]) while op t runs. Two blocks conflict when, during some op both are live,
 * those ranges overlap; a placement is valid when no two blocks conflict.
 */

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
  /** Footprint during op firstOp + i: [low[i], high[i]) from the base (equal when nothing is live). */
  readonly low: readonly number[]
  readonly high: readonly number[]
  /** max(high): the block's height. */
  readonly extent: number
}

export interface PlacedBlock extends Block {
  readonly base: number
}

/**
 * The open intervals (a, b) of bases at which `block` would conflict with `other`: for each op both are
 * live, base ∈ (other.base + other.low − block.high, other.base + other.high − block.low).
 */
function forbiddenBases(block: Block, other: PlacedBlock): [number, number][] {
  const out: [number, number][] = []
  const from = Math.max(block.firstOp, other.firstOp)
  const to = Math.min(block.lastOp, other.lastOp)
  for (let t = from; t <= to; t++) {
    const bl = block.low[t - block.firstOp]!
    const bh = block.high[t - block.firstOp]!
    const ol = other.low[t - other.firstOp]!
    const oh = other.high[t - other.firstOp]!
    if (bh > bl && oh > ol) out.push([other.base + ol - bh, other.base + oh - bl])
  }
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
 * Bases worth trying for `block`: 0, and every base at which it would rest on a placed block during some op
 * (its bottom then touching that block's top), kept when free.
 */
function contactBases(block: Block, placed: readonly PlacedBlock[]): number[] {
  const candidates = new Set([0])
  for (const p of placed) {
    const from = Math.max(block.firstOp, p.firstOp)
    const to = Math.min(block.lastOp, p.lastOp)
    for (let t = from; t <= to; t++) {
      const base = p.base + p.high[t - p.firstOp]! - block.low[t - block.firstOp]!
      if (base >= 0) candidates.add(base)
    }
  }
  const forbidden = forbiddenAll(block, placed)
  return [...candidates].filter((base) => isFree(base, forbidden)).sort((x, y) => x - y)
}

/** Search nodes after which the exact search gives up (its result is then not proven optimal). */
const NODE_BUDGET = 200_000

/**
 * The minimal placement, by exhaustive search: any valid placement can be lowered, block by block, until
 * each block rests on the floor or on another block (a group of blocks that rest only on each other can be
 * lowered together, so in the end every group rests on something outside it). Placing the blocks in the
 * order they came to rest, each at a contact base with those already placed, reproduces it; so searching
 * every order and every contact base reaches a placement no higher than the optimum. Branches whose height
 * already reaches `upperBound` are cut. Returns the best placement below `upperBound` (or none) and whether
 * the search finished within its budget.
 */
export function searchExact(
  blocks: readonly Block[],
  upperBound: number,
): { placed: PlacedBlock[] | undefined; complete: boolean } {
  let best: PlacedBlock[] | undefined
  let bound = upperBound
  let nodes = 0
  const visit = (placed: PlacedBlock[], remaining: readonly Block[], height: number): void => {
    if (++nodes > NODE_BUDGET) return
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
  visit([], blocks, 0)
  return { placed: best, complete: nodes <= NODE_BUDGET }
}
