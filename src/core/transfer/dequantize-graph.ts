import type { ModelGraph, Op, Tensor } from '../model/graph'

/** Tensor indices that ops read as weights or biases (inputs 1 and 2 of conv, depthwise and dense ops). */
function weightTensors(ops: readonly Op[]): Set<number> {
  const out = new Set<number>()
  for (const op of ops)
    if (op.kind === 'conv2d' || op.kind === 'depthwiseConv2d' || op.kind === 'fullyConnected')
      for (const t of op.inputs.slice(1)) if (t >= 0) out.add(t)
  return out
}

function dequantizeConstant(tensor: Tensor): Float32Array {
  const q = tensor.quantization!
  const data = tensor.data!
  const axis = q.axis ?? 0
  const channels = q.scale.length
  // Elements per step along `axis` and the stride between channels, for row-major data.
  const inner = tensor.shape.slice(axis + 1).reduce((a, b) => a * b, 1)
  return Float32Array.from(data, (v, i) => {
    const c = channels === 1 ? 0 : Math.floor(i / inner) % channels
    return (v - (q.zeroPoint[c] ?? 0)) * q.scale[c]!
  })
}

/**
 * The float32 counterpart of an int8 graph: weights and biases dequantized (per channel where they are),
 * activations float32 without quantization, the same ops. It approximates the int8 graph (activations are no
 * longer rounded to their grid); it is what float tools (the float32 interpreter, post-training
 * quantization of a whole model) can start from.
 */
export function dequantizeGraph(graph: ModelGraph, description: string): ModelGraph {
  const weights = weightTensors(graph.ops)
  const tensors = graph.tensors.map((t, i): Tensor => {
    if (t.data !== undefined && weights.has(i) && t.quantization)
      return { name: t.name, shape: t.shape, dtype: 'float32', data: dequantizeConstant(t) }
    if (t.data !== undefined) return t
    return { name: t.name, shape: t.shape, dtype: 'float32' }
  })
  return { ...graph, tensors, description }
}
