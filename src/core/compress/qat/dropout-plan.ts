/**
 * Where the trained model had dropout, in the lowered graph: lowering drops dropout layers (they do nothing
 * at inference), but fine-tuning without them overfits small datasets fast — the graph trainer puts them
 * back on the same activations. A dropout layer acts on the output of the layer it reads; that layer's
 * output tensor carries its id as name (lowering's convention), or, when the layer left no tensor of its own
 * (a fused activation, a flatten that moved nothing), the nearest layer before it that did.
 */
import { analyzeModel, type ModelSpec } from '../../model'
import type { ModelGraph } from '../../model/graph'

/** Dropout rate by activation tensor index. */
export function dropoutPlan(spec: ModelSpec, graph: ModelGraph): Map<number, number> {
  const plan = new Map<number, number>()
  if (!spec.layers.some((l) => l.type === 'dropout')) return plan
  const byName = new Map<string, number>()
  graph.tensors.forEach((t, i) => t.data === undefined && byName.set(t.name, i))
  const wiring = analyzeModel(spec).wiring
  spec.layers.forEach((layer, i) => {
    if (layer.type !== 'dropout' || layer.rate <= 0) return
    for (let at = wiring[i]!.input; at >= 0; at = wiring[at]!.input) {
      const tensor = byName.get(spec.layers[at]!.id)
      if (tensor === undefined) continue
      plan.set(tensor, Math.max(plan.get(tensor) ?? 0, layer.rate))
      return
    }
  })
  return plan
}
