import { CompressErrorCode } from '../../../shared/api/compress'
import type { ModelGraph } from '../../model/graph'
import { MoteFailure } from '../../../shared/errors'

/**
 * The weight tensors that magnitude pruning (and clustering) may change: the filters of conv and dense ops,
 * and of depthwise convs with a window larger than 1×1. A 1×1 depthwise filter is a batch norm that could
 * not be folded (one scale per channel): zeroing one entry would silence a whole channel.
 */
export function prunableWeights(graph: ModelGraph): number[] {
  const out: number[] = []
  for (const op of graph.ops) {
    if (op.kind !== 'conv2d' && op.kind !== 'fullyConnected' && op.kind !== 'depthwiseConv2d') continue
    const filter = op.inputs[1]!
    const shape = graph.tensors[filter]!.shape
    if (op.kind === 'depthwiseConv2d' && shape[1] === 1 && shape[2] === 1) continue
    if (!out.includes(filter)) out.push(filter)
  }
  return out
}

/** Fails (14301) when `sparsity` would remove every weight of some layer, naming the layer. */
export function checkSparsityFits(graph: ModelGraph, tensors: readonly number[], sparsity: number): void {
  if (!(sparsity >= 0 && sparsity < 1))
    throw new MoteFailure(
      CompressErrorCode.BadSparsity,
      `Sparsity must be at least 0 and below 1, not ${sparsity}.`,
    )
  for (const t of tensors) {
    const tensor = graph.tensors[t]!
    const n = tensor.shape.reduce((a, b) => a * b, 1)
    if (Math.round(sparsity * n) >= n)
      throw new MoteFailure(
        CompressErrorCode.BadSparsity,
        `Layer "${tensor.name}" has ${n} weights; a sparsity of ${(sparsity * 100).toFixed(0)} % would remove all of them. Use at most ${Math.floor(((n - 1) / n) * 100)} %.`,
      )
  }
}
