/**
 * Tensor lifetimes over a `ModelGraph`'s op order and a static arena plan: what the firmware allocates for
 * activations (DESIGN.md §6: one arena shared by lifetime; weights stay in flash).
 *
 * Lifetimes: a tensor lives from the op that writes it (a model input: from op 0) to the last op that reads
 * it (a model output: to the last op). While op k runs, its inputs and outputs are all live, so an op never
 * writes over its own input. A RESHAPE output may share its input's buffer (`aliasReshape`, our runtime's
 * choice: a reshape of a contiguous NHWC tensor moves no bytes); the pair is then one buffer whose lifetime
 * is the union of both.
 *
 * Plan: TensorFlow Lite Micro's `GreedyMemoryPlanner` (tensorflow/lite/micro/memory_planner/
 * greedy_memory_planner.cc): buffers sorted by size, largest first (ties: the earlier-born first), each put
 * at the lowest offset where it overlaps no already-placed buffer that is live at the same time. Sizes are
 * rounded up to the alignment (16 bytes by default, TFLM's `MicroArenaBufferAlignment()`; 4 is enough for
 * int8/int32 data on Cortex-M and AVR), so every offset is aligned. Greedy by size is not optimal
 * (the problem is NP-hard) but it is what TFLM ships and is within a few percent on chain-like models.
 *
 * Not counted: TFLM's own overhead in the arena (tensor structs, per-channel multipliers and shifts,
 * kernel scratch), which a TFLM build adds on top of this peak.
 */
import type { DType, ModelGraph } from './graph'

export const DTYPE_BYTES: Readonly<Record<DType, number>> = {
  float32: 4,
  int8: 1,
  int16: 2,
  int32: 4,
  uint8: 1,
}

export interface ArenaOptions {
  /** Byte alignment of every buffer: 4 or 16 (default 16). */
  readonly alignment?: 4 | 16
  /** Let a RESHAPE output share its input's buffer (default true). */
  readonly aliasReshape?: boolean
}

/** One arena buffer: one tensor, or a tensor and the reshapes that alias it. */
export interface ArenaBuffer {
  /** Tensor indices that live in this buffer (the first is the one that owns it). */
  readonly tensors: readonly number[]
  /** First and last op index (inclusive) during which the buffer is live. */
  readonly firstOp: number
  readonly lastOp: number
  /** Size rounded up to the alignment. */
  readonly bytes: number
  readonly offset: number
}

export interface ArenaPlan {
  readonly alignment: number
  /** The arena size: max(offset + bytes) over the buffers. What the firmware allocates. */
  readonly peakBytes: number
  /** The largest total of buffers live during one op: no plan for this op order can be smaller. */
  readonly lowerBoundBytes: number
  /** The op at which the live total is largest. */
  readonly busiestOp: number
  readonly buffers: readonly ArenaBuffer[]
}

type Lifetime = Omit<ArenaBuffer, 'offset'>

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment
}

/** Buffers with their lifetimes and aligned sizes, before placement. */
export function arenaBuffers(graph: ModelGraph, options: ArenaOptions = {}): Lifetime[] {
  const alignment = options.alignment ?? 16
  const owner = graph.tensors.map((_, i) => i)
  const root = (t: number): number => (owner[t] === t ? t : (owner[t] = root(owner[t]!)))
  if (options.aliasReshape ?? true)
    for (const op of graph.ops) if (op.kind === 'reshape') owner[op.outputs[0]!] = root(op.inputs[0]!)
  const last = Math.max(0, graph.ops.length - 1)
  const groups = new Map<number, { tensors: number[]; first: number; last: number; bytes: number }>()
  const touch = (t: number, at: number) => {
    const tensor = graph.tensors[t]
    if (t < 0 || !tensor || tensor.data !== undefined) return
    const r = root(t)
    const group = groups.get(r) ?? { tensors: [], first: at, last: at, bytes: 0 }
    if (!group.tensors.includes(t)) group.tensors.push(t)
    group.first = Math.min(group.first, at)
    group.last = Math.max(group.last, at)
    const bytes = tensor.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[tensor.dtype]
    group.bytes = Math.max(group.bytes, bytes)
    groups.set(r, group)
  }
  for (const t of graph.inputs) touch(t, 0)
  graph.ops.forEach((op, k) => {
    for (const t of op.outputs) touch(t, k)
    for (const t of op.inputs) touch(t, k)
  })
  for (const t of graph.outputs) touch(t, last)
  return [...groups.values()].map((g) => ({
    tensors: g.tensors.sort((a, b) => (a === root(a) ? -1 : b === root(b) ? 1 : a - b)),
    firstOp: g.first,
    lastOp: g.last,
    bytes: alignUp(g.bytes, alignment),
  }))
}

const overlapsInTime = (a: Lifetime, b: Lifetime) => a.firstOp <= b.lastOp && b.firstOp <= a.lastOp

/** Places the buffers greedily, largest first, each at the lowest offset free during its lifetime. */
export function planArena(graph: ModelGraph, options: ArenaOptions = {}): ArenaPlan {
  const alignment = options.alignment ?? 16
  const order = arenaBuffers(graph, options).sort((a, b) => b.bytes - a.bytes || a.firstOp - b.firstOp)
  const placed: ArenaBuffer[] = []
  for (const buffer of order) {
    const conflicts = placed.filter((p) => overlapsInTime(p, buffer)).sort((a, b) => a.offset - b.offset)
    let offset = 0
    for (const p of conflicts) {
      if (offset + buffer.bytes <= p.offset) break
      offset = Math.max(offset, p.offset + p.bytes)
    }
    placed.push({ ...buffer, offset })
  }
  const perOp = graph.ops.map((_, k) =>
    placed.reduce((sum, b) => (b.firstOp <= k && k <= b.lastOp ? sum + b.bytes : sum), 0),
  )
  const busiestOp = perOp.reduce((best, v, k) => (v > perOp[best]! ? k : best), 0)
  return {
    alignment,
    peakBytes: placed.reduce((m, b) => Math.max(m, b.offset + b.bytes), 0),
    lowerBoundBytes: perOp[busiestOp] ?? 0,
    busiestOp,
    buffers: placed,
  }
}
