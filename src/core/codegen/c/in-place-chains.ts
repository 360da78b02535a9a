/**
 * Where each tensor of an in-place chain sits, and so each in-place op's offset (model-memory.ts decides
 * which ops run in place; this decides how).
 *
 * Ops that run in place link tensors into chains (x → conv in place → y → depthwise in place → z …), and the
 * planner keeps a chain's tensors at fixed offsets from each other. Choosing each op's offset on its own lets
 * the chain drift: a convolution that grows its tensor ends its output at its input's end, so every growing
 * op moves the chain down, and the chain's footprint spans far more than its largest tensor (MobileNet's
 * would be 63 KB for a 37 KB largest tensor). So a chain is laid out in a frame as tall as its largest tensor,
 * each tensor against the frame's bottom or its top, and the choice is made for the whole chain by dynamic
 * programming: it minimises the largest, over the chain's ops, of the op's scratch (fixed part plus ring)
 * plus whatever of the op's tensors sticks out of the frame. RESHAPE aliases (offset 0) make two tensors one
 * "view" at one position. Element-wise ops keep their output at their input's position.
 */
import { streamRingPixels, type StreamGeometry } from '../../model/in-place'

/** An op that writes its output over its input, as model-memory.ts decided. */
export interface InPlaceEdge {
  readonly op: number
  readonly input: number
  readonly output: number
  /** 'same': the output starts where the input does; 'stream': any offset, with a ring for `geometry`. */
  readonly kind: 'same' | 'stream'
  readonly geometry?: StreamGeometry
  readonly fixedScratch: number
}

export interface EdgeLayout {
  readonly delta: number
  readonly ringPixels: number
}

const alignUp = (v: number, a: number) => Math.ceil(v / a) * a

interface State {
  readonly position: number
  readonly cost: number
  readonly previous?: State
  readonly layout?: EdgeLayout
}

/** The op's cost for an input at `from` and an output at `to` (see the file comment). */
function edgeCost(
  edge: InPlaceEdge,
  sizes: { input: number; output: number; frame: number },
  from: number,
  to: number,
  alignment: number,
) {
  const ringPixels = edge.kind === 'stream' ? streamRingPixels(edge.geometry!, to - from) : 0
  const ringBytes = alignUp(ringPixels * (edge.geometry?.inC ?? 0), alignment)
  const overflow = Math.max(0, Math.max(from + sizes.input, to + sizes.output) - sizes.frame)
  return {
    cost: alignUp(edge.fixedScratch, alignment) + ringBytes + overflow,
    layout: { delta: to - from, ringPixels },
  }
}

/** Lays out one chain of views (sizes aligned) linked by edges[i]: views[i] → views[i + 1]. */
function layOutChain(
  edges: readonly InPlaceEdge[],
  viewSizes: readonly number[],
  alignment: number,
): EdgeLayout[] {
  const frame = Math.max(...viewSizes)
  const ends = (size: number) => [...new Set([0, frame - size])]
  let states: State[] = ends(viewSizes[0]!).map((position) => ({ position, cost: 0 }))
  edges.forEach((edge, i) => {
    const sizes = { input: viewSizes[i]!, output: viewSizes[i + 1]!, frame }
    const next = new Map<number, State>()
    for (const state of states) {
      const targets = edge.kind === 'same' ? [state.position] : ends(sizes.output)
      for (const to of targets) {
        const step = edgeCost(edge, sizes, state.position, to, alignment)
        const candidate = {
          position: to,
          cost: Math.max(state.cost, step.cost),
          previous: state,
          layout: step.layout,
        }
        const known = next.get(to)
        if (!known || candidate.cost < known.cost) next.set(to, candidate)
      }
    }
    states = [...next.values()]
  })
  let best: State | undefined = states.reduce((a, b) => (b.cost < a.cost ? b : a))
  const layouts: EdgeLayout[] = []
  for (; best?.layout; best = best.previous) layouts.unshift(best.layout)
  return layouts
}

/**
 * Offsets and rings for every in-place op: `edges` in op order, `views` maps each tensor to its view (the
 * RESHAPE alias group it belongs to), `bytes` gives each view's size.
 */
export function layOutInPlace(
  edges: readonly InPlaceEdge[],
  viewOf: (tensor: number) => number,
  viewBytes: (view: number) => number,
  alignment: number,
): Map<number, EdgeLayout> {
  const byInput = new Map(edges.map((e) => [viewOf(e.input), e]))
  const hasInEdge = new Set(edges.map((e) => viewOf(e.output)))
  const result = new Map<number, EdgeLayout>()
  for (const start of edges.filter((e) => !hasInEdge.has(viewOf(e.input)))) {
    const chain: InPlaceEdge[] = []
    for (let e: InPlaceEdge | undefined = start; e; e = byInput.get(viewOf(e.output))) chain.push(e)
    const sizes = [viewOf(chain[0]!.input), ...chain.map((e) => viewOf(e.output))].map((v) =>
      alignUp(viewBytes(v), alignment),
    )
    layOutChain(chain, sizes, alignment).forEach((layout, i) => result.set(chain[i]!.op, layout))
  }
  return result
}
