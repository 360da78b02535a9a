/**
 * Running a quantized graph on float feature windows, as the firmware will: quantize each feature with the
 * input's parameters (TFLM's QUANTIZE arithmetic), run the int8 reference interpreter, and dequantize the
 * int8 scores. This is how every int8 variant's accuracy is measured — never on the float model.
 */
import type { CancellationToken } from '../../../shared/api/jobs'
import { throwIfCancelled } from '../../../shared/errors'
import type { ModelGraph } from '../../model/graph'
import { dequantizeValue, quantizeValue, type AffineParams } from '../quantize/params'
import { createInterpreter } from '../reference/interpreter'
import type { LabelledWindows } from './calibration-set'
import { inputParams } from './quantize-graph'

export interface RunWindowsOptions {
  readonly cancellation?: CancellationToken
  readonly onProgress?: (done: number, total: number) => void
}

export function quantizeFeatures(features: Float32Array, params: AffineParams): Int8Array {
  const out = new Int8Array(features.length)
  for (let i = 0; i < features.length; i++) out[i] = quantizeValue(features[i]!, params)
  return out
}

/**
 * Scores of every window (row-major count × outputs): dequantized int8 outputs for an int8 graph, the float
 * outputs for a float graph (the float32 reference interpreter).
 */
export function graphScores(
  graph: ModelGraph,
  windows: Pick<LabelledWindows, 'count' | 'featureSize' | 'features'>,
  options: RunWindowsOptions = {},
): Float32Array {
  const interpreter = createInterpreter(graph)
  const input = graph.tensors[graph.inputs[0]!]!
  const output = graph.tensors[graph.outputs[0]!]!
  const width = output.shape.reduce((a, b) => a * b, 1)
  const scores = new Float32Array(windows.count * width)
  const quantized = input.dtype === 'int8'
  const inParams = quantized ? inputParams(graph) : undefined
  const outParams = output.quantization
    ? { scale: output.quantization.scale[0]!, zeroPoint: output.quantization.zeroPoint[0]! }
    : undefined
  for (let w = 0; w < windows.count; w++) {
    if (w % 16 === 0) throwIfCancelled(options.cancellation)
    const features = windows.features.subarray(w * windows.featureSize, (w + 1) * windows.featureSize)
    const [result] = interpreter.run([inParams ? quantizeFeatures(features, inParams) : features])
    for (let k = 0; k < width; k++) {
      const v = result![k]!
      scores[w * width + k] = outParams ? dequantizeValue(v, outParams) : v
    }
    options.onProgress?.(w + 1, windows.count)
  }
  return scores
}
