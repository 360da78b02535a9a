/**
 * Runs a whole `ModelGraph` through the C kernels, driven from TypeScript: each op becomes the kernel call
 * that src/core/codegen/c/kernel-calls.ts chooses, with its constants from the graph and its activations
 * either from the reference interpreter (op by op, every intermediate compared) or from the C's own
 * previous outputs (chained, as firmware would run it).
 */
import { kernelCall, kernelCalls, type KernelCall } from '../../../../src/core/codegen/c/kernel-calls'
import { createInterpreter } from '../../../../src/core/compress/reference/interpreter'
import type { TensorValues } from '../../../../src/core/compress/reference/steps'
import type { DType, ModelGraph, TensorData } from '../../../../src/core/model/graph'
import type { Harness } from './harness'
import type { KernelCase } from './wire'

const ARRAY: Readonly<Record<DType, new (buffer: ArrayBuffer) => TensorData>> = {
  float32: Float32Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
}

/** Harness output bytes as the typed array of `dtype` (copied, so the array owns an aligned buffer). */
function typed(dtype: DType, bytes: Uint8Array): TensorData {
  return new ARRAY[dtype](Uint8Array.from(bytes).buffer)
}

function tensorBytes(graph: ModelGraph, index: number): number {
  const tensor = graph.tensors[index]!
  return tensor.shape.reduce((a, b) => a * b, 1) * ARRAY[tensor.dtype].prototype.BYTES_PER_ELEMENT
}

/** The harness case of one call: its tensors from `values` (activations) or the graph (constants). */
export function callCase(graph: ModelGraph, call: KernelCall, values: TensorValues): KernelCase {
  const buffers = call.inputs.map((i) => (i < 0 ? undefined : (values[i] ?? graph.tensors[i]?.data)))
  const requant = 'requant' in call.params ? call.params.requant : undefined
  return {
    kernel: call.kernel,
    params: call.params,
    buffers: requant ? [...buffers, requant.multipliers, requant.shifts] : buffers,
    outputBytes: tensorBytes(graph, call.output),
  }
}

export interface OpMismatch {
  readonly op: number
  readonly kernel: string
  readonly status: number
  /** Values that differ (−1: the output has the wrong length), and the largest difference among them. */
  readonly differing: number
  readonly maxError: number
}

function difference(c: TensorData, reference: TensorData): { differing: number; maxError: number } {
  if (c.length !== reference.length) return { differing: -1, maxError: Infinity }
  let differing = 0
  let maxError = 0
  reference.forEach((expected: number, i: number) => {
    const value = c[i]!
    if (value === expected || (Number.isNaN(value) && Number.isNaN(expected))) return
    differing++
    maxError = Math.max(maxError, Math.abs(value - expected))
  })
  return { differing, maxError }
}

/**
 * Runs the reference interpreter on `inputs`, then every op in C (one harness batch) on the reference's own
 * intermediate tensors, and lists the ops whose C output differs from the reference's in any value.
 */
export function compareOpByOp(
  harness: Harness,
  graph: ModelGraph,
  inputs: readonly TensorData[],
): OpMismatch[] {
  const values = createInterpreter(graph).runAll(inputs)
  const calls = kernelCalls(graph)
  const results = harness.run(calls.map((call) => callCase(graph, call, values)))
  return calls.flatMap((call, op) => {
    const { status, output } = results[op]!
    const reference = values[call.output]!
    const c = typed(graph.tensors[call.output]!.dtype, output)
    const { differing, maxError } = difference(c, reference)
    return status === 0 && differing === 0 ? [] : [{ op, kernel: call.kernel, status, differing, maxError }]
  })
}

/** Runs the graph in C only, each op reading the previous ops' C outputs; returns the graph outputs. */
export function runChained(harness: Harness, graph: ModelGraph, inputs: readonly TensorData[]): TensorData[] {
  const values: TensorValues = graph.tensors.map(() => undefined)
  graph.inputs.forEach((tensor, i) => (values[tensor] = inputs[i]))
  graph.ops.forEach((_, op) => {
    const call = kernelCall(graph, op)
    const [result] = harness.run([callCase(graph, call, values)])
    if (result?.status !== 0) throw new Error(`Op ${op} (${call.kernel}) returned status ${result?.status}.`)
    const dtype = graph.tensors[call.output]!.dtype
    values[call.output] = typed(dtype, result.output)
  })
  return graph.outputs.map((tensor) => values[tensor]!)
}
