/**
 * The memory plan's property, checked on a real run: after every op, every tensor that is still needed (read
 * by a later op, or a model output) holds the reference interpreter's value at its planned offset in the
 * arena the generated code dumped — the same bytes, or for a float softmax's output within the float
 * kernels' stated 2^-22 (docs/codegen.md). If two live buffers ever shared a byte, or a kernel wrote outside
 * its output and scratch, some live tensor would differ here.
 */
import { lifetimes } from '../../../../src/core/codegen/c/model-memory'
import type { GeneratedModelCode } from '../../../../src/core/codegen/c/generate'
import type { TensorValues } from '../../../../src/core/compress/reference/steps'
import type { ModelGraph, TensorData } from '../../../../src/core/model/graph'

/** The float kernels' tolerance for softmax (float-kernels.test.ts), exact for everything else. */
export const SOFTMAX_TOLERANCE = 2 ** -22

/** Does `actual` (bytes) hold `expected`, within `tolerance` for float32 values? */
export function holds(actual: Uint8Array, expected: TensorData, tolerance: number): boolean {
  if (expected instanceof Float32Array) {
    const values = new Float32Array(Uint8Array.from(actual).buffer)
    return (
      values.length === expected.length && values.every((v, i) => Math.abs(v - expected[i]!) <= tolerance)
    )
  }
  const bytes = new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength)
  return actual.length === bytes.length && actual.every((b, i) => b === bytes[i])
}

/** The tolerance for tensor t: 2^-22 for a float softmax's output, else 0. */
export function toleranceOf(graph: ModelGraph, t: number): number {
  const producer = graph.ops.find((op) => op.outputs.includes(t))
  return producer?.kind === 'softmax' && graph.tensors[t]!.dtype === 'float32' ? SOFTMAX_TOLERANCE : 0
}

/** The live tensors whose arena bytes differ from the reference after some op: "op k: tensor t". */
export function liveTensorMismatches(
  graph: ModelGraph,
  code: GeneratedModelCode,
  values: TensorValues,
  arenas: ReadonlyMap<number, Uint8Array>,
): string[] {
  const problems: string[] = []
  const tensors = lifetimes(graph)
  for (const [k, arena] of arenas) {
    const written = graph.ops[k]!.outputs
    for (const t of tensors) {
      const needed = t.lastOp > k || written.includes(t.id) || graph.outputs.includes(t.id)
      if (t.firstOp > k || !needed) continue
      const offset = code.memory.plan.tensorOffsets.get(t.id)!
      const expected = values[t.id]!
      if (!holds(arena.subarray(offset, offset + expected.byteLength), expected, toleranceOf(graph, t.id)))
        problems.push(`op ${k}: tensor ${t.id}`)
    }
  }
  return problems
}
