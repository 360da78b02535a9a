/**
 * A model with its ops cut apart, for comparing each op alone with another runtime: every op reads fresh
 * graph inputs (copies of the activations it consumed in the model) and every op's outputs are graph
 * outputs. Fed the reference interpreter's values for those activations, another runtime computes each op
 * on exactly our inputs, so that differences do not pile up through the layers and one model load covers
 * every op.
 */
import type { ModelGraph, Op, Tensor, TensorData } from '../../../../src/core/model/graph'

export interface DecoupledGraph {
  readonly graph: ModelGraph
  /** For each input of `graph`, the model tensor whose value it takes. */
  readonly inputs: readonly number[]
  /** For each output of `graph`, the model tensor it computes (and the op that computes it). */
  readonly outputs: readonly number[]
  readonly outputOps: readonly number[]
}

export function decoupledGraph(model: ModelGraph): DecoupledGraph {
  const tensors: Tensor[] = [...model.tensors]
  const inputs: number[] = []
  const graphInputs: number[] = []
  const ops = model.ops.map((op): Op => {
    const fresh = new Map<number, number>()
    const copy = (t: number) => {
      if (t < 0 || model.tensors[t]!.data !== undefined) return t
      if (!fresh.has(t)) {
        fresh.set(
          t,
          tensors.push({ ...model.tensors[t]!, name: `${model.tensors[t]!.name}#in${tensors.length}` }) - 1,
        )
        inputs.push(t)
        graphInputs.push(fresh.get(t)!)
      }
      return fresh.get(t)!
    }
    return { ...op, inputs: op.inputs.map(copy) }
  })
  const outputs = model.ops.flatMap((op) => op.outputs)
  const outputOps = model.ops.flatMap((op, i) => op.outputs.map(() => i))
  return { graph: { tensors, ops, inputs: graphInputs, outputs }, inputs, outputs, outputOps }
}

/** Largest |a − b| of one output. */
export function difference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!))
  return worst
}

/** The values a reference run gave the listed tensors. */
export function valuesOf(all: readonly (TensorData | undefined)[], tensors: readonly number[]): TensorData[] {
  return tensors.map((t) => all[t]!)
}
