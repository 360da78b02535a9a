/**
 * Calibration: the range of every activation tensor of a float graph over a representative set of inputs,
 * found by running the float32 reference interpreter (what TFLite's converter does with a
 * `representative_dataset`). Two methods:
 * - `minmax`: the smallest and largest value seen (the converter's default);
 * - `percentile`: the range that keeps `percentile` % of the values, clipping (100 − p)/2 % at each end,
 *   read from a 2048-bin histogram over the min/max range in a second pass. Clipping rare outliers gives the
 *   common values a finer step (Wu et al., arXiv 2004.09602, §4.1).
 *
 * Memory stays bounded: one running min/max (and one histogram) per tensor, whatever the set size.
 */
import { COMPRESS_DEFAULTS } from '../../../shared/api/compress'
import type { CancellationToken } from '../../../shared/api/jobs'
import { throwIfCancelled } from '../../../shared/errors'
import type { ModelGraph } from '../../model/graph'
import { createInterpreter } from '../reference/interpreter'
import { compressFailure } from '../errors'

export type CalibrationMethod = 'minmax' | 'percentile'

export interface CalibrationOptions {
  readonly method?: CalibrationMethod
  /** Share of values kept inside the range, in percent (50 < p ≤ 100); default 99.99. */
  readonly percentile?: number
  readonly cancellation?: CancellationToken
  /** Called after each input of each pass; `total` counts both passes of the percentile method. */
  readonly onProgress?: (done: number, total: number) => void
}

export interface TensorRange {
  readonly min: number
  readonly max: number
}

/** Calibrated ranges by tensor index: every graph input and every op output. */
export type ActivationRanges = ReadonlyMap<number, TensorRange>

const BINS = 2048

/** Indices of the tensors to calibrate: graph inputs and op outputs (constants excluded). */
function activationTensors(graph: ModelGraph): number[] {
  const set = new Set<number>(graph.inputs)
  for (const op of graph.ops) for (const t of op.outputs) set.add(t)
  return [...set].filter((t) => graph.tensors[t]?.data === undefined)
}

function checkInputs(graph: ModelGraph, inputs: readonly Float32Array[]): void {
  if (inputs.length === 0)
    throw compressFailure(
      'EmptyCalibration',
      'The calibration set is empty: quantization needs example inputs to measure activation ranges. Add training samples.',
    )
  const tensor = graph.tensors[graph.inputs[0] ?? -1]
  const size = tensor ? tensor.shape.reduce((a, b) => a * b, 1) : 0
  const bad = inputs.findIndex((x) => x.length !== size)
  if (graph.inputs.length !== 1 || bad >= 0)
    throw compressFailure(
      'BadCalibrationInput',
      `Calibration input ${bad + 1} has ${inputs[bad]?.length ?? 0} values but the model input takes ${size}. Use features computed with the model's own design.`,
    )
}

/** Measures the activation ranges of `graph` (float32) over `inputs` (one feature vector each). */
export function calibrate(
  graph: ModelGraph,
  inputs: readonly Float32Array[],
  options: CalibrationOptions = {},
): ActivationRanges {
  const method = options.method ?? COMPRESS_DEFAULTS.calibration
  const percentile = options.percentile ?? COMPRESS_DEFAULTS.percentile
  if (method === 'percentile' && !(percentile > 50 && percentile <= 100))
    throw compressFailure(
      'BadQuantizeOptions',
      `The calibration percentile must be above 50 and at most 100, not ${percentile}.`,
    )
  checkInputs(graph, inputs)
  const interpreter = createInterpreter(graph)
  const tensors = activationTensors(graph)
  const passes = method === 'percentile' ? 2 : 1
  const total = inputs.length * passes
  const min = new Float64Array(tensors.length).fill(Number.POSITIVE_INFINITY)
  const max = new Float64Array(tensors.length).fill(Number.NEGATIVE_INFINITY)
  const each = (pass: number, visit: (k: number, values: Float32Array) => void) =>
    inputs.forEach((input, i) => {
      throwIfCancelled(options.cancellation)
      const values = interpreter.runAll([input])
      tensors.forEach((t, k) => visit(k, values[t] as Float32Array))
      options.onProgress?.(pass * inputs.length + i + 1, total)
    })
  each(0, (k, values) => {
    for (const v of values) {
      if (!Number.isFinite(v)) throw nonFinite(graph, tensors[k]!)
      if (v < min[k]!) min[k] = v
      if (v > max[k]!) max[k] = v
    }
  })
  if (method === 'minmax') return new Map(tensors.map((t, k) => [t, { min: min[k]!, max: max[k]! }]))
  const histograms = tensors.map(() => new Float64Array(BINS))
  each(1, (k, values) => {
    const lo = min[k]!
    const width = (max[k]! - lo) / BINS
    const histogram = histograms[k]!
    for (const v of values) histogram[width > 0 ? Math.min(BINS - 1, Math.floor((v - lo) / width)) : 0]!++
  })
  return new Map(tensors.map((t, k) => [t, percentileRange(histograms[k]!, min[k]!, max[k]!, percentile)]))
}

/** The range keeping `percentile` % of a histogram's mass, clipping half the rest at each end. */
export function percentileRange(
  histogram: Float64Array,
  min: number,
  max: number,
  percentile: number,
): TensorRange {
  const total = histogram.reduce((a, b) => a + b, 0)
  // 100 − 99.9 is 0.0999…94 in binary floating point: a relative nudge keeps the intended count.
  const tail = ((total * (100 - percentile)) / 200) * (1 + 1e-9)
  const width = (max - min) / histogram.length
  let below = 0
  let lo = 0
  while (lo < histogram.length - 1 && below + histogram[lo]! <= tail) below += histogram[lo++]!
  let above = 0
  let hi = histogram.length - 1
  while (hi > lo && above + histogram[hi]! <= tail) above += histogram[hi--]!
  return {
    min: lo === 0 ? min : min + lo * width,
    max: hi === histogram.length - 1 ? max : min + (hi + 1) * width,
  }
}

function nonFinite(graph: ModelGraph, tensor: number) {
  const name = graph.tensors[tensor]?.name ?? String(tensor)
  return compressFailure(
    'BadRange',
    `Tensor "${name}" takes NaN or infinite values on the calibration set, so it has no int8 range. Retrain the model (its weights or features overflow).`,
  )
}
