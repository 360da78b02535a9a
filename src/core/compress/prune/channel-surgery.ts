/**
 * Removing whole output channels (filters of a conv, neurons of a dense layer) from a float ModelGraph, and
 * everything downstream that reads them: the graph gets smaller tensors, fewer weights and fewer MACs, so
 * it is faster on any runtime — no sparse kernels needed.
 *
 * A channel of a producer's output is followed through ops that keep channels apart — relu, relu6, max and
 * average pooling, depthwise convs with multiplier 1 (whose filter and bias lose the same channels), and
 * reshapes that flatten [1, H, W, C] (channel c becomes every column j with j mod C = c) — to the ops that
 * mix channels: a conv (its filters lose those input channels) or a dense layer (its weights lose those
 * columns). A producer whose channels reach anything else (an add of a residual branch, a softmax, the
 * model output) cannot be pruned this way; `channelFlow` returns undefined for it.
 */
import type { ModelGraph, Op, Tensor } from '../../model/graph'

type Edit =
  | { readonly kind: 'tensor'; readonly tensor: number; readonly flat: boolean }
  | { readonly kind: 'depthwise'; readonly op: number }
  | { readonly kind: 'conv-input'; readonly op: number }
  | { readonly kind: 'fc-input'; readonly op: number; readonly period: number }
  | { readonly kind: 'reshape'; readonly op: number }

const PASS_THROUGH = new Set(['relu', 'relu6', 'maxPool2d', 'averagePool2d'])

function consumersOf(graph: ModelGraph, tensor: number): { op: number; position: number }[] {
  const out: { op: number; position: number }[] = []
  graph.ops.forEach((op, i) =>
    op.inputs.forEach((t, position) => t === tensor && out.push({ op: i, position })),
  )
  return out
}

/**
 * The edits that removing channels of op `producer`'s output needs, or undefined when its channels reach
 * an op that cannot lose them. `period` is the channel count of the flattened tensor (columns j ↔ j mod C).
 */
export function channelFlow(graph: ModelGraph, producer: number): Edit[] | undefined {
  const edits: Edit[] = []
  const walk = (tensor: number, period: number | undefined): boolean => {
    if (graph.outputs.includes(tensor)) return false
    edits.push({ kind: 'tensor', tensor, flat: period !== undefined })
    for (const { op: i, position } of consumersOf(graph, tensor)) {
      const op = graph.ops[i]!
      if (position !== 0) return false
      if (op.kind === 'conv2d' && period === undefined) edits.push({ kind: 'conv-input', op: i })
      else if (op.kind === 'fullyConnected') edits.push({ kind: 'fc-input', op: i, period: period ?? 1 })
      else if (op.kind === 'depthwiseConv2d' && op.depthMultiplier === 1 && period === undefined) {
        edits.push({ kind: 'depthwise', op: i })
        if (!walk(op.outputs[0]!, undefined)) return false
      } else if (PASS_THROUGH.has(op.kind) && period === undefined) {
        if (!walk(op.outputs[0]!, undefined)) return false
      } else if (op.kind === 'reshape' && period === undefined && isFlatten(graph, op)) {
        edits.push({ kind: 'reshape', op: i })
        if (!walk(op.outputs[0]!, 1)) return false
      } else return false
    }
    return true
  }
  const op = graph.ops[producer]!
  if (op.kind !== 'conv2d' && op.kind !== 'fullyConnected') return undefined
  return walk(op.outputs[0]!, undefined) ? edits : undefined
}

/** A reshape from [1, H, W, C] (or [1, C]) to [1, H·W·C]. */
function isFlatten(graph: ModelGraph, op: Op): boolean {
  const out = graph.tensors[op.outputs[0]!]!.shape
  return out.length === 2 && out[0] === 1
}

/** Keeps the entries of `axis` listed in `keep` (ascending). */
export function sliceAxis(
  data: Float32Array,
  shape: readonly number[],
  axis: number,
  keep: (i: number) => boolean,
) {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1)
  const size = shape[axis]!
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1)
  const kept = Array.from({ length: size }, (_, i) => i).filter(keep)
  const out = new Float32Array(outer * kept.length * inner)
  let at = 0
  for (let o = 0; o < outer; o++)
    for (const k of kept) {
      out.set(data.subarray((o * size + k) * inner, (o * size + k + 1) * inner), at)
      at += inner
    }
  const newShape = [...shape]
  newShape[axis] = kept.length
  return { data: out, shape: newShape }
}

/** The graph with op `producer`'s output channels limited to `keep` (and everything downstream with it). */
export function removeChannels(graph: ModelGraph, producer: number, keep: readonly number[]): ModelGraph {
  const edits = channelFlow(graph, producer)
  if (!edits) throw new Error(`op ${producer} cannot lose channels`)
  const kept = new Set(keep)
  const tensors: Tensor[] = [...graph.tensors]
  const channels = graph.tensors[graph.ops[producer]!.outputs[0]!]!.shape.at(-1)!
  const slice = (t: number, axis: number, test: (i: number) => boolean) => {
    const tensor = tensors[t]!
    const { data, shape } = sliceAxis(tensor.data as Float32Array, tensor.shape, axis, test)
    tensors[t] = { ...tensor, data, shape }
  }
  const byChannel = (c: number) => kept.has(c)
  const op = graph.ops[producer]!
  slice(op.inputs[1]!, 0, byChannel)
  if (op.inputs[2]! >= 0) slice(op.inputs[2]!, 0, byChannel)
  for (const edit of edits) {
    if (edit.kind === 'tensor') {
      const t = tensors[edit.tensor]!
      const shape = [...t.shape]
      shape[shape.length - 1] = edit.flat ? (shape.at(-1)! / channels) * keep.length : keep.length
      tensors[edit.tensor] = { ...t, shape }
    } else if (edit.kind === 'depthwise') {
      const dw = graph.ops[edit.op]!
      slice(dw.inputs[1]!, 3, byChannel)
      if (dw.inputs[2]! >= 0) slice(dw.inputs[2]!, 0, byChannel)
    } else if (edit.kind === 'conv-input') slice(graph.ops[edit.op]!.inputs[1]!, 3, byChannel)
    else if (edit.kind === 'fc-input') slice(graph.ops[edit.op]!.inputs[1]!, 1, (j) => kept.has(j % channels))
    else {
      const shapeTensor = graph.ops[edit.op]!.inputs[1]
      if (shapeTensor !== undefined && shapeTensor >= 0) {
        const s = tensors[shapeTensor]!
        const data = Int32Array.from(s.data as Int32Array)
        data[data.length - 1] = (data[data.length - 1]! / channels) * keep.length
        tensors[shapeTensor] = { ...s, data }
      }
    }
  }
  return { ...graph, tensors }
}

/** L1 norm of each output channel's weights (Li et al., "Pruning filters for efficient ConvNets", 2017). */
export function channelNorms(graph: ModelGraph, producer: number): Float64Array {
  const filter = graph.tensors[graph.ops[producer]!.inputs[1]!]!
  const channels = filter.shape[0]!
  const per = filter.data!.length / channels
  const norms = new Float64Array(channels)
  const data = filter.data as Float32Array
  for (let c = 0; c < channels; c++) for (let i = 0; i < per; i++) norms[c]! += Math.abs(data[c * per + i]!)
  return norms
}
