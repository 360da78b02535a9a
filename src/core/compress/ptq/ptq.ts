import type { ModelGraph } from '../../model/graph'
import { calibrate, type ActivationRanges, type CalibrationOptions } from './calibrate'
import { checkCalibrationSet, selectCalibrationWindows, type LabelledWindows } from './calibration-set'
import { compressFailure } from '../errors'
import { quantizeGraph, type QuantizeGraphOptions } from './quantize-graph'

export interface PtqOptions extends CalibrationOptions, QuantizeGraphOptions {
  /** At most this many calibration windows, spread over the classes (default 500). */
  readonly maxWindows?: number
}

export interface PtqResult {
  readonly graph: ModelGraph
  readonly ranges: ActivationRanges
  /** Windows the ranges were measured on. */
  readonly calibrationWindows: number
}

/**
 * Post-training quantization in one call: pick a class-balanced subset of `windows` (usually the training
 * split), refuse it if it does not represent every class of `labels`, calibrate, quantize.
 */
export function postTrainingQuantize(
  graph: ModelGraph,
  windows: LabelledWindows,
  labels: readonly string[],
  options: PtqOptions = {},
): PtqResult {
  const maxWindows = options.maxWindows ?? 500
  if (!Number.isInteger(maxWindows) || maxWindows < 1)
    throw compressFailure(
      'BadQuantizeOptions',
      `The calibration window count must be a whole number from 1, not ${maxWindows}.`,
    )
  checkCalibrationSet(windows.labels, labels)
  const chosen = selectCalibrationWindows(windows, maxWindows)
  checkCalibrationSet(chosen.labels, labels)
  const ranges = calibrate(graph, chosen.inputs, options)
  return { graph: quantizeGraph(graph, ranges, options), ranges, calibrationWindows: chosen.inputs.length }
}
