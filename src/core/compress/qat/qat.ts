/**
 * Quantization-aware training (Jacob et al., arXiv 1712.05877; TensorFlow Model Optimization's QAT):
 * start from the trained float graph (batch norm folded) and its calibrated ranges, fine-tune with every
 * weight fake-quantized per channel and every activation that gets its own int8 parameters fake-quantized
 * per tensor (straight-through gradients), track the activation ranges by moving average, then export with
 * the same int8 quantizer as PTQ using the tracked ranges — the grids the network was fine-tuned on.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { ModelGraph, Op } from '../../model/graph'
import { calibrate, type ActivationRanges, type CalibrationMethod } from '../ptq/calibrate'
import { checkCalibrationSet, selectCalibrationWindows } from '../ptq/calibration-set'
import { quantizeGraph } from '../ptq/quantize-graph'
import { fakeQuantActivation, fakeQuantWeights, RangeTracker } from './fake-quant'
import type { TrainWindows } from '../../train/minibatch'
import { fineTune, type FineTuneOptions, type FineTuneResult, type FineTuneSettings } from './fine-tune'
import { GraphModel } from './graph-model'

export interface QatOptions extends FineTuneSettings {
  readonly calibration?: CalibrationMethod
  readonly percentile?: number
  readonly maxCalibrationWindows?: number
  readonly perChannelFullyConnected?: boolean
}

export interface QatResult {
  /** The int8 graph exported after fine-tuning. */
  readonly graph: ModelGraph
  /** The fine-tuned float weights (before the int8 export). */
  readonly floatGraph: ModelGraph
  readonly ranges: ActivationRanges
  readonly fit: FineTuneResult
}

/** Tensors that get their own int8 parameters (and so a fake-quant node): see quantize-graph.ts. */
export function ownGridTensors(graph: ModelGraph): Set<number> {
  const own = new Set<number>(graph.inputs)
  for (const op of graph.ops)
    if (!['averagePool2d', 'maxPool2d', 'reshape', 'relu6', 'softmax'].includes(op.kind))
      own.add(op.outputs[0]!)
  return own
}

function weightAxis(op: Op, perChannelFc: boolean): number | undefined {
  if (op.kind === 'conv2d') return 0
  if (op.kind === 'depthwiseConv2d') return 3
  return perChannelFc ? 0 : undefined
}

/**
 * Installs fake quantization on `model` (weights per channel, activations on their tracked grids) and
 * returns the tracker plus the hook that folds each step's observed ranges into it.
 */
export function installFakeQuant(model: GraphModel, initial: ActivationRanges, perChannelFc = false) {
  const tracker = new RangeTracker(initial)
  const own = ownGridTensors(model.graph)
  const pending: [number, tf.Tensor, tf.Tensor][] = []
  model.weightHook = (_t, op, w) => fakeQuantWeights(w, weightAxis(op, perChannelFc))
  model.activationHook = (t, v, training) => {
    if (!own.has(t)) return v
    if (training) pending.push([t, tf.keep(tf.min(v)), tf.keep(tf.max(v))])
    const params = tracker.params(t)
    return params ? fakeQuantActivation(v, params) : v
  }
  const afterStep = () => {
    for (const [t, min, max] of pending.splice(0)) {
      tracker.observe(t, min.dataSync()[0]!, max.dataSync()[0]!)
      tf.dispose([min, max])
    }
  }
  return { tracker, afterStep }
}

export async function quantizationAwareTraining(
  floatGraph: ModelGraph,
  train: TrainWindows,
  validation: TrainWindows,
  labels: readonly string[],
  options: QatOptions,
  run: FineTuneOptions = {},
): Promise<QatResult> {
  checkCalibrationSet(train.labels, labels)
  const chosen = selectCalibrationWindows(train, options.maxCalibrationWindows ?? 500)
  const initial = calibrate(floatGraph, chosen.inputs, {
    method: options.calibration ?? 'minmax',
    ...(options.percentile === undefined ? {} : { percentile: options.percentile }),
  })
  const model = new GraphModel(floatGraph)
  try {
    const { tracker, afterStep } = installFakeQuant(model, initial, options.perChannelFullyConnected)
    const fit = await fineTune(model, train, validation, labels.length, options, {
      ...run,
      afterStep: (step) => {
        afterStep()
        run.afterStep?.(step)
      },
    })
    const tuned = model.toGraph(`QAT fine-tuned: ${floatGraph.description ?? 'model'}`)
    const ranges = tracker.snapshot()
    const graph = quantizeGraph(tuned, ranges, {
      ...(options.perChannelFullyConnected ? { perChannelFullyConnected: true } : {}),
      description: `int8 (quantization-aware training) of: ${floatGraph.description ?? 'model'}`,
    })
    return { graph, floatGraph: tuned, ranges, fit }
  } finally {
    model.dispose()
  }
}
