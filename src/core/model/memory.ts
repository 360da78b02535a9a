import type { ModelGraph } from './graph'

export interface ActivationMemory {
  /** Largest sum of simultaneously live activation tensors, in bytes, for float32 (4 B) and int8 (1 B). */
  readonly peakBytesFloat32: number
  readonly peakBytesInt8: number
  /** The op at which the peak occurs (its inputs, outputs and everything still needed later are live). */
  readonly peakOpIndex: number
  /** Live bytes (float32) while each op runs. */
  readonly perOpBytesFloat32: readonly number[]
}

/**
 * Activation memory of a graph by tensor lifetimes, the estimate the Design view shows as "activation
 * memory": a tensor is live from the op that writes it (the model input from the start) to the last op that
 * reads it (a model output to the end); while op k runs, every live tensor — its inputs, its outputs and
 * those kept for later ops (residual branches) — needs its own space. Nothing is computed in place (a
 * reshape counts twice), so this is an upper bound of a good arena plan for the same op order; the arena
 * the firmware allocates comes from the code generator's memory planner.
 */
export function activationMemory(graph: ModelGraph): ActivationMemory {
  const count = graph.tensors.length
  const birth = new Array<number>(count).fill(Number.POSITIVE_INFINITY)
  const death = new Array<number>(count).fill(-1)
  const last = graph.ops.length - 1
  for (const input of graph.inputs) birth[input] = 0
  graph.ops.forEach((op, k) => {
    for (const t of op.outputs) birth[t] = Math.min(birth[t]!, k)
    for (const t of op.inputs) if (t >= 0) death[t] = Math.max(death[t]!, k)
  })
  for (const output of graph.outputs) death[output] = last
  const perOp = graph.ops.map((_, k) => {
    let elements = 0
    graph.tensors.forEach((tensor, t) => {
      if (tensor.data === undefined && birth[t]! <= k && k <= death[t]!) elements += elementsOf(tensor.shape)
    })
    return elements
  })
  let peakOpIndex = 0
  perOp.forEach((e, k) => {
    if (e > perOp[peakOpIndex]!) peakOpIndex = k
  })
  const peak = perOp[peakOpIndex] ?? 0
  return {
    peakBytesFloat32: peak * 4,
    peakBytesInt8: peak,
    peakOpIndex,
    perOpBytesFloat32: perOp.map((e) => e * 4),
  }
}

function elementsOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1)
}
