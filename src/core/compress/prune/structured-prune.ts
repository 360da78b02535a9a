/**
 * Structured pruning: remove the `fraction` of filters (conv) or neurons (dense) with the smallest L1 norm
 * from every layer whose channels can be removed (channel-surgery.ts), then fine-tune the smaller graph.
 * Unlike magnitude pruning this shrinks the model itself — parameters, MACs, activation memory — so it is
 * faster and smaller on every runtime. The classifier's output layer is never pruned (its channels are
 * the classes), nor layers feeding a residual add.
 */
import { CompressErrorCode } from '../../../shared/api/compress'
import { MoteFailure } from '../../../shared/errors'
import type { ModelGraph } from '../../model/graph'
import type { TrainWindows } from '../../train/minibatch'
import { fineTune, type FineTuneOptions, type FineTuneResult, type FineTuneSettings } from '../qat/fine-tune'
import { GraphModel } from '../qat/graph-model'
import { channelFlow, channelNorms, removeChannels } from './channel-surgery'

export interface StructuredPruneOptions extends FineTuneSettings {
  /** Share of filters/neurons removed from each prunable layer, [0, 1); at least one always stays. */
  readonly fraction: number
}

export interface RemovedChannels {
  readonly layer: string
  readonly from: number
  readonly to: number
}

export interface StructuredPruneResult {
  readonly floatGraph: ModelGraph
  readonly removed: readonly RemovedChannels[]
  readonly fit: FineTuneResult
}

/** The pruned graph before fine-tuning: each prunable layer keeps its strongest ⌈(1 − f)·C⌉ channels. */
export function pruneChannels(
  graph: ModelGraph,
  fraction: number,
): { graph: ModelGraph; removed: RemovedChannels[] } {
  if (!(fraction >= 0 && fraction < 1))
    throw new MoteFailure(
      CompressErrorCode.BadFilterFraction,
      `The share of filters to remove must be at least 0 and below 1 (every layer keeps one), not ${fraction}.`,
    )
  let current = graph
  const removed: RemovedChannels[] = []
  graph.ops.forEach((op, i) => {
    if (!channelFlow(current, i)) return
    const norms = channelNorms(current, i)
    const keepCount = Math.max(1, Math.ceil(norms.length * (1 - fraction) - 1e-9))
    if (keepCount === norms.length) return
    const keep = [...norms.keys()]
      .sort((a, b) => norms[b]! - norms[a]! || a - b)
      .slice(0, keepCount)
      .sort((a, b) => a - b)
    current = removeChannels(current, i, keep)
    removed.push({ layer: current.tensors[op.outputs[0]!]!.name, from: norms.length, to: keepCount })
  })
  if (removed.length === 0 && fraction > 0)
    throw new MoteFailure(
      CompressErrorCode.NothingToPrune,
      'No layer of this model can lose filters at this fraction (layers feeding a residual add or the output keep theirs). Raise the fraction or use magnitude pruning.',
    )
  return {
    graph: {
      ...current,
      description: `structured pruning (${(fraction * 100).toFixed(0)} % of filters): ${graph.description ?? 'model'}`,
    },
    removed,
  }
}

export async function structuredPrune(
  graph: ModelGraph,
  train: TrainWindows,
  validation: TrainWindows,
  classes: number,
  options: StructuredPruneOptions,
  run: FineTuneOptions = {},
): Promise<StructuredPruneResult> {
  const pruned = pruneChannels(graph, options.fraction)
  const model = new GraphModel(pruned.graph)
  try {
    const fit = await fineTune(model, train, validation, classes, options, run)
    return { floatGraph: model.toGraph(), removed: pruned.removed, fit }
  } finally {
    model.dispose()
  }
}
