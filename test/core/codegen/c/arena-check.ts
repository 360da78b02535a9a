/**
 * The memory plan's property, checked on a real run: after every op, every tensor that is still needed (read
 * by a later op, or a model output) holds exactly the reference interpreter's value at its planned offset in
 * the arena the generated code dumped. If two live buffers ever shared a byte, or a kernel wrote outside its
 * output and scratch, some live tensor would differ here.
 */
import { lifetimes } from '../../../../src/core/codegen/c/model-memory'
import type { GeneratedModelCode } from '../../../../src/core/codegen/c/generate'
import type { TensorValues } from '../../../../src/core/compress/reference/steps'
import type { ModelGraph } from '../../../../src/core/model/graph'

const bytesOf = (v: NonNullable<TensorValues[number]>) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength)

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
      const expected = bytesOf(values[t.id]!)
      const actual = arena.subarray(offset, offset + expected.length)
      if (!actual.every((b, i) => b === expected[i])) problems.push(`op ${k}: tensor ${t.id}`)
    }
  }
  return problems
}
