/**
 * Magnitude pruning with fine-tuning (Zhu & Gupta 2017; TensorFlow Model Optimization's
 * `prune_low_magnitude`): every prunable weight tensor gets a mask; during fine-tuning the masks are
 * re-chosen every few steps to zero the smallest-magnitude weights of each layer at the polynomial
 * schedule's current sparsity, reaching the final sparsity after two thirds of the steps; the remaining
 * third lets the surviving weights recover. Pruned weights stay zero (the mask is chosen on the masked
 * weights, so a pruned weight never grows back). The exported graph is dense with exact zeros: its int8
 * size is unchanged until clustering + Huffman coding (or sparse kernels) exploit them.
 */
import type { ModelGraph } from '../../model/graph'
import type { TrainWindows } from '../../train/minibatch'
import { fineTune, type FineTuneOptions, type FineTuneResult, type FineTuneSettings } from '../qat/fine-tune'
import { GraphModel } from '../qat/graph-model'
import { MaskedWeight, type WeightProvider } from '../qat/weight-provider'
import { checkSparsityFits, prunableWeights } from './prunable'
import { magnitudeMask, sparsityAt, type PolynomialSchedule } from './schedule'

export interface MagnitudePruneOptions extends FineTuneSettings {
  /** Final fraction of zero weights in each prunable layer, [0, 1). */
  readonly sparsity: number
}

export interface PruneResult {
  readonly floatGraph: ModelGraph
  readonly fit: FineTuneResult
  /** Achieved fraction of zeros over all prunable weights. */
  readonly sparsity: number
}

/** Zeros over all the given tensors' elements. */
export function measuredSparsity(graph: ModelGraph, tensors: readonly number[]): number {
  let zeros = 0
  let total = 0
  for (const t of tensors) {
    const data = graph.tensors[t]!.data!
    total += data.length
    for (const v of data) if (v === 0) zeros++
  }
  return total === 0 ? 0 : zeros / total
}

export async function magnitudePrune(
  graph: ModelGraph,
  train: TrainWindows,
  validation: TrainWindows,
  classes: number,
  options: MagnitudePruneOptions,
  run: FineTuneOptions = {},
): Promise<PruneResult> {
  const targets = prunableWeights(graph)
  checkSparsityFits(graph, targets, options.sparsity)
  const masked = new Map<number, MaskedWeight>()
  for (const t of targets)
    masked.set(t, new MaskedWeight(graph.tensors[t]!.shape, graph.tensors[t]!.data as Float32Array))
  const model = new GraphModel(graph, masked as ReadonlyMap<number, WeightProvider>)
  const batches = Math.ceil(train.count / options.batchSize)
  const totalSteps = options.epochs * batches
  const schedule: PolynomialSchedule = {
    initialSparsity: 0,
    finalSparsity: options.sparsity,
    beginStep: 0,
    endStep: Math.max(1, Math.round((totalSteps * 2) / 3)),
  }
  const every = Math.max(1, Math.floor(schedule.endStep / 20))
  const updateMasks = (step: number) => {
    const s = sparsityAt(step, schedule)
    for (const w of masked.values()) w.setMask(magnitudeMask(w.values(), s))
  }
  try {
    const fit = await fineTune(model, train, validation, classes, options, {
      ...run,
      beforeStep: (step, total) => {
        if (step % every === 0 || step === schedule.endStep) updateMasks(Math.min(step, schedule.endStep))
        run.beforeStep?.(step, total)
      },
      selectFromEpoch: Math.min(options.epochs, Math.floor(schedule.endStep / batches) + 1),
    })
    updateMasks(schedule.endStep)
    const floatGraph = model.toGraph(
      `pruned to ${(options.sparsity * 100).toFixed(0)} %: ${graph.description ?? 'model'}`,
    )
    return { floatGraph, fit, sparsity: measuredSparsity(floatGraph, targets) }
  } finally {
    model.dispose()
  }
}
