/**
 * A channel whose weights are all zero (pruning can empty one) must still quantize to a usable weight scale,
 * so that other runtimes accept the .tflite (XNNPACK refuses a scale that is not a positive normal float),
 * and its bias must survive quantization: the channel's output is its bias after the activation.
 */
import { describe, expect, it } from 'vitest'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import { writeTflite } from '../../../../src/core/codegen/tflite/writer'
import type { ModelGraph, Tensor } from '../../../../src/core/model/graph'
import { quantizeGraph } from '../../../../src/core/compress/ptq/quantize-graph'
import { quantizeFeatures } from '../../../../src/core/compress/ptq/run-int8'
import { isUsableScale } from '../../../../src/core/compress/quantize/params'
import { createInterpreter } from '../../../../src/core/compress/reference/interpreter'

const float = (name: string, shape: number[], data?: number[]): Tensor =>
  data ? { name, shape, dtype: 'float32', data: Float32Array.from(data) } : { name, shape, dtype: 'float32' }

/** input [1, 1, 2, 2] → conv 1×1, 3 filters (relu), the second filter all zero with bias 0.7. */
function convGraph(): ModelGraph {
  return {
    tensors: [
      float('input', [1, 1, 2, 2]),
      float('conv/filter', [3, 1, 1, 2], [0.5, -1.3, 0, 0, 0.9, 0.2]),
      float('conv/bias', [3], [0.1, 0.7, -0.2]),
      float('conv', [1, 1, 2, 3]),
    ],
    ops: [
      {
        kind: 'conv2d',
        inputs: [0, 1, 2],
        outputs: [3],
        strideH: 1,
        strideW: 1,
        dilationH: 1,
        dilationW: 1,
        padding: 'valid',
        activation: 'relu',
      },
    ],
    inputs: [0],
    outputs: [3],
  }
}

/** input [1, 2] → dense 2 (relu), the second neuron's weights all zero with bias 0.7. */
function denseGraph(): ModelGraph {
  return {
    tensors: [
      float('input', [1, 2]),
      float('dense/weights', [2, 2], [0.5, -1.3, 0, 0]),
      float('dense/bias', [2], [0.1, 0.7]),
      float('dense', [1, 2]),
    ],
    ops: [{ kind: 'fullyConnected', inputs: [0, 1, 2], outputs: [3], activation: 'relu' }],
    inputs: [0],
    outputs: [3],
  }
}

// Input [−1, 3]; output [0, 2.55]: scale 0.01, zero point −128, so 0.7 is exactly step 70.
const ranges = new Map([
  [0, { min: -1, max: 3 }],
  [3, { min: 0, max: 2.55 }],
])

function everyScale(graph: ModelGraph): number[] {
  return graph.tensors.flatMap((t) => [...(t.quantization?.scale ?? [])])
}

function run(graph: ModelGraph, x: number[]): Int8Array {
  const { scale, zeroPoint } = graph.tensors[graph.inputs[0]!]!.quantization!
  const input = quantizeFeatures(Float32Array.from(x), { scale: scale[0]!, zeroPoint: zeroPoint[0]! })
  return createInterpreter(graph).run([input])[0] as Int8Array
}

describe('a channel whose weights are all zero', () => {
  it('gets a usable weight and bias scale in a conv layer, also in the written .tflite', () => {
    const q = quantizeGraph(convGraph(), ranges)
    expect(everyScale(q).every(isUsableScale)).toBe(true)
    expect(everyScale(readTflite(writeTflite(q))).every(isUsableScale)).toBe(true)
  })

  it('keeps its bias in a conv layer: the channel outputs relu(0.7) at every pixel', () => {
    const out = run(quantizeGraph(convGraph(), ranges), [1, 2, -0.5, 0.25])
    expect([out[1], out[4]]).toEqual([-128 + 70, -128 + 70])
  })

  it('gets a usable scale and keeps its bias in a dense layer quantized per neuron', () => {
    const q = quantizeGraph(denseGraph(), ranges, { perChannelFullyConnected: true })
    expect(everyScale(q).every(isUsableScale)).toBe(true)
    expect(run(q, [1, 2])[1]).toBe(-128 + 70)
  })
})
