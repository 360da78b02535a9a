/**
 * The arena of a generated model: which ops run in place, at which offset and with which ring, and where
 * every tensor and scratch buffer lives (src/core/model/arena-planner.ts places them).
 *
 * Lifetimes: a tensor lives from the op that writes it (a model input: from op 0, written by the caller
 * before `invoke`) to the last op that reads it (a model output: to the last op, read by the caller after).
 *
 * Sharing, decided op by op in execution order (in-place-chains.ts then lays each chain out):
 * - a RESHAPE's output is its input's bytes (an alias at offset 0; no code is generated for it);
 * - an element-wise kernel writes over an input at the same address, a stream kernel over its input at the
 *   offset in-place-chains.ts chooses, with the ring src/core/model/in-place.ts sizes — when that input is read by no later
 *   op, is not a model output, shares no bytes with the op's other inputs, and (for a stream kernel) running
 *   in place takes fewer bytes than two buffers. "That input" means its whole alias group: a tensor viewed
 *   through a reshape is overwritten only if no view of it is read later.
 * The model input may be overwritten: fill it again before every `invoke`.
 */
import { DTYPE_BYTES, planArena } from '../../model/graph-memory'
import type { ModelGraph } from '../../model/graph'
import {
  planMemory,
  type MemoryPlan,
  type MemoryRequest,
  type PlanAlias,
  type PlanScratch,
  type PlanTensor,
} from '../../model/arena-planner'
import { bestStreamPlacement, inputBytesOf, outputBytesOf, type StreamGeometry } from '../../model/in-place'
import { layOutInPlace, type InPlaceEdge } from './in-place-chains'
import type { KernelChoice } from './kernel-choice'

/** How one op runs in the arena. */
export interface OpPlacement {
  readonly op: number
  /** The input the output overwrites, when the op runs in place. */
  readonly overwrites?: number
  /** Output offset − input offset when in place (0 for element-wise kernels). */
  readonly delta: number
  readonly ringPixels: number
  /** The op's whole scratch: fixed part plus ring. */
  readonly scratchBytes: number
}

export interface ModelMemory {
  readonly plan: MemoryPlan
  /** What the planner was asked to place (lifetimes, aliases of ops run in place, scratch): for checks. */
  readonly request: MemoryRequest
  readonly placements: readonly OpPlacement[]
  /** The kernel choices as run: a choice that does not run in place replaced by its fallback. */
  readonly choices: readonly KernelChoice[]
  /** TensorFlow Lite Micro's greedy plan of the same graph (16-byte alignment, reshapes aliased). */
  readonly tflmGreedyBytes: number
}

const alignUp = (v: number, a: number) => Math.ceil(v / a) * a

function tensorBytes(graph: ModelGraph, t: number): number {
  const tensor = graph.tensors[t]!
  return tensor.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[tensor.dtype]
}

/** Lifetimes of the activation tensors (see the file comment). */
export function lifetimes(graph: ModelGraph): PlanTensor[] {
  const last = Math.max(0, graph.ops.length - 1)
  const life = new Map<number, { first: number; last: number }>()
  const touch = (t: number, at: number) => {
    if (t < 0 || graph.tensors[t]?.data !== undefined) return
    const l = life.get(t)
    life.set(t, { first: Math.min(l?.first ?? at, at), last: Math.max(l?.last ?? at, at) })
  }
  for (const t of graph.inputs) touch(t, 0)
  graph.ops.forEach((op, k) => [...op.outputs, ...op.inputs].forEach((t) => touch(t, k)))
  for (const t of graph.outputs) touch(t, last)
  return [...life].map(([id, l]) => ({ id, bytes: tensorBytes(graph, id), firstOp: l.first, lastOp: l.last }))
}

/** Alias groups as the ops are decided: which tensors share bytes with which. */
class Groups {
  private readonly group = new Map<number, number[]>()
  members(t: number): readonly number[] {
    return this.group.get(t) ?? [t]
  }
  join(a: number, b: number): void {
    const merged = [...new Set([...this.members(a), ...this.members(b)])]
    for (const t of merged) this.group.set(t, merged)
  }
}

interface Context {
  readonly graph: ModelGraph
  readonly life: ReadonlyMap<number, PlanTensor>
  readonly groups: Groups
  readonly alignment: number
  /** Ops whose choice gave way to its fallback (not in place). */
  readonly replaced: Map<number, KernelChoice>
}

/** May op k overwrite `input`'s bytes? (See the file comment.) */
function mayOverwrite(c: Context, k: number, input: number, others: readonly number[]): boolean {
  const group = c.groups.members(input)
  return group.every(
    (t) => (c.life.get(t)?.lastOp ?? k) <= k && !c.graph.outputs.includes(t) && !others.includes(t),
  )
}

/** Does running in place take fewer bytes during the op than input, output and the fallback's scratch? */
function worthStreaming(c: Context, choice: KernelChoice, g: StreamGeometry): boolean {
  const a = (bytes: number) => alignUp(bytes, c.alignment)
  const inPlace = bestStreamPlacement(g, c.alignment)
  const cost = a(inPlace.spanBytes) + a(inPlace.ringPixels * g.inC) + a(choice.scratchBytes)
  const apart = a(inputBytesOf(g)) + a(outputBytesOf(g)) + a((choice.fallback ?? choice).scratchBytes)
  return cost < apart
}

/** Decides whether op k runs in place (over which input), or aliases its input (RESHAPE). */
function decide(c: Context, choice: KernelChoice): InPlaceEdge | { alias: PlanAlias } | undefined {
  const decision = decideInPlace(c, choice)
  if (!decision && choice.fallback) c.replaced.set(choice.op, choice.fallback)
  return decision
}

function decideInPlace(c: Context, choice: KernelChoice): InPlaceEdge | { alias: PlanAlias } | undefined {
  const k = choice.op
  const overlap = choice.overlap
  const candidates = overlap.kind === 'same' ? overlap.positions : overlap.kind === 'stream' ? [0] : []
  for (const position of candidates) {
    const input = choice.inputs[position]
    if (input === undefined || input < 0) continue
    if (choice.aliasOnly) {
      c.groups.join(input, choice.output)
      return { alias: { input, output: choice.output, delta: 0 } }
    }
    const others = choice.inputs.filter((t, i) => i !== position && t >= 0)
    if (!mayOverwrite(c, k, input, others)) continue
    if (overlap.kind === 'stream' && !worthStreaming(c, choice, overlap.geometry)) continue
    c.groups.join(input, choice.output)
    return overlap.kind === 'stream'
      ? {
          op: k,
          input,
          output: choice.output,
          kind: 'stream',
          geometry: overlap.geometry,
          fixedScratch: choice.scratchBytes,
        }
      : { op: k, input, output: choice.output, kind: 'same', fixedScratch: choice.scratchBytes }
  }
  return undefined
}

/** Plans a generated model's arena with `alignment`-byte offsets. */
export function planModelMemory(
  graph: ModelGraph,
  choices: readonly KernelChoice[],
  alignment = 4,
): ModelMemory {
  const tensors = lifetimes(graph)
  const life = new Map(tensors.map((t) => [t.id, t]))
  const context: Context = { graph, life, groups: new Groups(), alignment, replaced: new Map() }
  const decisions = choices.map((choice) => decide(context, choice))
  const final = choices.map((choice) => context.replaced.get(choice.op) ?? choice)
  const edges = decisions.filter((d): d is InPlaceEdge => d !== undefined && !('alias' in d))
  const reshapes = decisions.flatMap((d) => (d && 'alias' in d ? [d.alias] : []))
  const views = new Groups()
  for (const a of reshapes) views.join(a.input, a.output)
  const viewOf = (t: number) => Math.min(...views.members(t))
  const layouts = layOutInPlace(edges, viewOf, (v) => life.get(v)?.bytes ?? 0, alignment)
  const placements = final.map((choice): OpPlacement => {
    const edge = edges.find((e) => e.op === choice.op)
    const layout = layouts.get(choice.op) ?? { delta: 0, ringPixels: 0 }
    const ringBytes = layout.ringPixels * (edge?.geometry?.inC ?? 0)
    return edge
      ? { op: choice.op, overwrites: edge.input, ...layout, scratchBytes: choice.scratchBytes + ringBytes }
      : { op: choice.op, delta: 0, ringPixels: 0, scratchBytes: choice.scratchBytes }
  })
  const aliases = [
    ...reshapes,
    ...edges.map((e) => ({ input: e.input, output: e.output, delta: layouts.get(e.op)!.delta })),
  ]
  const scratch: PlanScratch[] = placements
    .filter((p) => p.scratchBytes > 0)
    .map((p) => ({ key: `op${p.op}`, op: p.op, bytes: p.scratchBytes }))
  const request: MemoryRequest = { opCount: graph.ops.length, tensors, aliases, scratch, alignment }
  const plan = planMemory(request)
  const tflmGreedyBytes = planArena(graph, { alignment: 16 }).peakBytes
  return { plan, request, placements, choices: final, tflmGreedyBytes }
}
