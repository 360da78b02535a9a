/**
 * Small models that use every op of the IR, made the way the studio makes variants: a float32 graph with
 * random weights (one conv filter all zero, as pruning leaves it), then our post-training quantization per
 * tensor and per channel, and an int8 graph between QUANTIZE and DEQUANTIZE ops (float in, float out, with
 * an int8 → int8 requantization). The MLPerf Tiny models cover the rest: none of them has max pooling,
 * standalone activations, quantize/dequantize ops or float32 weights.
 */
import type { ModelGraph, Op, Tensor } from '../../../../src/core/model/graph'
import { calibrate } from '../../../../src/core/compress/ptq/calibrate'
import { quantizeGraph } from '../../../../src/core/compress/ptq/quantize-graph'
import { createRng, type Rng } from '../../../../src/core/train/random'

const SEED = 0x7f11_0e0f

function weights(rng: Rng, name: string, shape: number[], zeroFrom = -1, zeroTo = -1): Tensor {
  const count = shape.reduce((a, b) => a * b, 1)
  const fanIn = count / shape[0]!
  const data = Float32Array.from({ length: count }, (_, i) =>
    i >= zeroFrom && i < zeroTo ? 0 : rng.normal() * Math.sqrt(2 / fanIn),
  )
  return { name, shape, dtype: 'float32', data }
}

const bias = (rng: Rng, name: string, n: number): Tensor => ({
  name,
  shape: [n],
  dtype: 'float32',
  data: Float32Array.from({ length: n }, () => rng.uniform(-0.3, 0.3)),
})

const activation = (name: string, shape: number[]): Tensor => ({ name, shape, dtype: 'float32' })

const window = { strideH: 1, strideW: 1, dilationH: 1, dilationW: 1 }

/**
 * input [1, 8, 8, 3] → conv 3×3 (4 filters, the second all zero; relu) → depthwise 3×3 ×2, dilation 2
 * (relu6) → max pool 2×2 → conv 1×1 → add (the pooled tensor) → relu → average pool 2×2 → relu6 →
 * reshape [1, 32] → dense 6 (relu) → dense 3 → softmax.
 */
export function everyOpFloatGraph(): ModelGraph {
  const rng = createRng(SEED)
  const tensors: Tensor[] = [
    activation('input', [1, 8, 8, 3]),
    weights(rng, 'conv/filter', [4, 3, 3, 3], 27, 54),
    bias(rng, 'conv/bias', 4),
    activation('conv', [1, 8, 8, 4]),
    weights(rng, 'depthwise/filter', [1, 3, 3, 8]),
    bias(rng, 'depthwise/bias', 8),
    activation('depthwise', [1, 8, 8, 8]),
    activation('max_pool', [1, 4, 4, 8]),
    weights(rng, 'pointwise/filter', [8, 1, 1, 8]),
    bias(rng, 'pointwise/bias', 8),
    activation('pointwise', [1, 4, 4, 8]),
    activation('add', [1, 4, 4, 8]),
    activation('relu', [1, 4, 4, 8]),
    activation('average_pool', [1, 2, 2, 8]),
    activation('relu6', [1, 2, 2, 8]),
    { name: 'flatten/shape', shape: [2], dtype: 'int32', data: Int32Array.from([1, 32]) },
    activation('flatten', [1, 32]),
    weights(rng, 'dense/weights', [6, 32]),
    bias(rng, 'dense/bias', 6),
    activation('dense', [1, 6]),
    weights(rng, 'logits/weights', [3, 6]),
    bias(rng, 'logits/bias', 3),
    activation('logits', [1, 3]),
    activation('softmax', [1, 3]),
  ]
  const ops: Op[] = [
    { kind: 'conv2d', inputs: [0, 1, 2], outputs: [3], ...window, padding: 'same', activation: 'relu' },
    {
      kind: 'depthwiseConv2d',
      inputs: [3, 4, 5],
      outputs: [6],
      ...window,
      dilationH: 2,
      dilationW: 2,
      depthMultiplier: 2,
      padding: 'same',
      activation: 'relu6',
    },
    { kind: 'maxPool2d', inputs: [6], outputs: [7], ...pool(2), padding: 'valid', activation: 'none' },
    { kind: 'conv2d', inputs: [7, 8, 9], outputs: [10], ...window, padding: 'valid', activation: 'none' },
    { kind: 'add', inputs: [7, 10], outputs: [11], activation: 'none' },
    { kind: 'relu', inputs: [11], outputs: [12] },
    { kind: 'averagePool2d', inputs: [12], outputs: [13], ...pool(2), padding: 'same', activation: 'none' },
    { kind: 'relu6', inputs: [13], outputs: [14] },
    { kind: 'reshape', inputs: [14, 15], outputs: [16] },
    { kind: 'fullyConnected', inputs: [16, 17, 18], outputs: [19], activation: 'relu' },
    { kind: 'fullyConnected', inputs: [19, 20, 21], outputs: [22], activation: 'none' },
    { kind: 'softmax', inputs: [22], outputs: [23], beta: 1 },
  ]
  return { tensors, ops, inputs: [0], outputs: [23], description: 'every op, float32' }
}

function pool(size: number) {
  return { filterH: size, filterW: size, strideH: size, strideW: size }
}

/** Seeded float inputs for `graph`'s one input, uniform in [−2, 2). */
export function floatInputs(graph: ModelGraph, count: number, seed: number): Float32Array[] {
  const rng = createRng(seed)
  const n = graph.tensors[graph.inputs[0]!]!.shape.reduce((a, b) => a * b, 1)
  return Array.from({ length: count }, () => Float32Array.from({ length: n }, () => rng.uniform(-2, 2)))
}

/** The float graph quantized as `mote compress --method ptq` does (calibrated on 32 random windows). */
export function everyOpInt8Graph(perChannelFullyConnected: boolean): ModelGraph {
  const float = everyOpFloatGraph()
  const ranges = calibrate(float, floatInputs(float, 32, SEED + 1))
  return quantizeGraph(float, ranges, { perChannelFullyConnected })
}

/**
 * `int8` between float edges: float input → QUANTIZE (to twice the input scale) → QUANTIZE int8 → int8 (to
 * the graph's input parameters) → the int8 ops → DEQUANTIZE → float output.
 */
export function withQuantizeEdges(int8: ModelGraph): ModelGraph {
  const input = int8.tensors[int8.inputs[0]!]!
  const output = int8.tensors[int8.outputs[0]!]!
  const q = input.quantization!
  const n = int8.tensors.length
  const tensors: Tensor[] = [
    ...int8.tensors,
    { name: 'float_input', shape: input.shape, dtype: 'float32' },
    { ...input, name: 'coarse_input', quantization: { scale: [q.scale[0]! * 2], zeroPoint: [0] } },
    { name: 'float_output', shape: output.shape, dtype: 'float32' },
  ]
  const ops: Op[] = [
    { kind: 'quantize', inputs: [n], outputs: [n + 1] },
    { kind: 'quantize', inputs: [n + 1], outputs: [int8.inputs[0]!] },
    ...int8.ops,
    { kind: 'dequantize', inputs: [int8.outputs[0]!], outputs: [n + 2] },
  ]
  return { tensors, ops, inputs: [n], outputs: [n + 2], description: 'every op, int8 between float edges' }
}
