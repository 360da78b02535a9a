/**
 * Random small graphs for the generator's and the planner's property tests: a float chain over [1, H, W, C]
 * of convolutions (1×1, 3×3, strided, valid, dilated), depthwise convolutions (3×3, 5×5, 1×1, multiplier 2),
 * pools, standalone activations and residual adds that keep an earlier tensor alive, then a reshape, dense
 * layers and a softmax; and its int8 version by post-training quantization on random inputs.
 */
import { calibrate } from '../../../../src/core/compress/ptq/calibrate'
import { quantizeGraph } from '../../../../src/core/compress/ptq/quantize-graph'
import { GraphBuilder } from '../../../../src/core/model/graph-builder'
import {
  convOutputSize,
  type FusedActivation,
  type ModelGraph,
  type Padding,
} from '../../../../src/core/model/graph'
import { createRng, type Rng } from '../../../../src/core/train/random'

interface Current {
  readonly tensor: number
  readonly shape: [number, number, number, number]
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(0, items.length - 1)]!
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1)

class RandomGraph {
  readonly g = new GraphBuilder(true)
  private count = 0
  constructor(private readonly rng: Rng) {}

  private weights(shape: number[], amplitude: number): number {
    const n = size(shape)
    return this.g.constant(`w${this.count++}`, shape, 'float32', () =>
      Float32Array.from({ length: n }, () => (this.rng.next() * 2 - 1) * amplitude),
    )
  }

  private activation(): FusedActivation {
    return pick(this.rng, ['none', 'relu', 'relu6'] as const)
  }

  conv(x: Current, kind: 'conv2d' | 'depthwiseConv2d'): Current {
    const [, h, w, c] = x.shape
    const k = pick(this.rng, kind === 'conv2d' ? [1, 1, 3, 5] : [3, 3, 1, 5])
    const stride = this.rng.next() < 0.3 ? 2 : 1
    const dilation = k > 1 && stride === 1 && this.rng.next() < 0.15 ? 2 : 1
    const padding: Padding = this.rng.next() < 0.7 ? 'same' : 'valid'
    const outH = convOutputSize(h, k, stride, dilation, padding)
    const outW = convOutputSize(w, k, stride, dilation, padding)
    if (outH < 1 || outW < 1) return x
    const multiplier = kind === 'depthwiseConv2d' && this.rng.next() < 0.2 ? 2 : 1
    const outC = kind === 'conv2d' ? this.rng.int(1, 10) : c * multiplier
    const filter =
      kind === 'conv2d'
        ? this.weights([outC, k, k, c], 1 / Math.sqrt(k * k * c))
        : this.weights([1, k, k, outC], 0.5)
    const bias = this.weights([outC], 0.2)
    const out = this.g.activation(`t${this.count++}`, [1, outH, outW, outC])
    const common = { strideH: stride, strideW: stride, dilationH: dilation, dilationW: dilation, padding }
    const activation = this.activation()
    if (kind === 'conv2d')
      this.g.addOp({ kind, inputs: [x.tensor, filter, bias], outputs: [out], ...common, activation })
    else
      this.g.addOp({
        kind,
        inputs: [x.tensor, filter, bias],
        outputs: [out],
        ...common,
        depthMultiplier: multiplier,
        activation,
      })
    return { tensor: out, shape: [1, outH, outW, outC] }
  }

  pool(x: Current): Current {
    const [, h, w, c] = x.shape
    if (h < 2 || w < 2) return x
    const out = this.g.activation(`t${this.count++}`, [1, Math.floor(h / 2), Math.floor(w / 2), c])
    const kind = pick(this.rng, ['maxPool2d', 'averagePool2d'] as const)
    this.g.addOp({
      kind,
      inputs: [x.tensor],
      outputs: [out],
      filterH: 2,
      filterW: 2,
      strideH: 2,
      strideW: 2,
      padding: 'valid',
      activation: 'none',
    })
    return { tensor: out, shape: [1, Math.floor(h / 2), Math.floor(w / 2), c] }
  }

  unary(x: Current): Current {
    const out = this.g.activation(`t${this.count++}`, [...x.shape])
    this.g.addOp({ kind: pick(this.rng, ['relu', 'relu6'] as const), inputs: [x.tensor], outputs: [out] })
    return { tensor: out, shape: x.shape }
  }

  /** x + f(x), with f a same-shape 1×1 or 3×3 conv: x stays alive across f. */
  residual(x: Current): Current {
    const [, h, w, c] = x.shape
    const filter = this.weights([c, 3, 3, c], 1 / Math.sqrt(9 * c))
    const branch = this.g.activation(`t${this.count++}`, [1, h, w, c])
    this.g.addOp({
      kind: 'conv2d',
      inputs: [x.tensor, filter, this.weights([c], 0.1)],
      outputs: [branch],
      strideH: 1,
      strideW: 1,
      dilationH: 1,
      dilationW: 1,
      padding: 'same',
      activation: 'relu',
    })
    const out = this.g.activation(`t${this.count++}`, [1, h, w, c])
    const [a, b] = this.rng.next() < 0.5 ? [x.tensor, branch] : [branch, x.tensor]
    this.g.addOp({ kind: 'add', inputs: [a, b], outputs: [out], activation: this.activation() })
    return { tensor: out, shape: x.shape }
  }

  head(x: Current, classes: number): number {
    const flat = this.g.reshape(`flat${this.count++}`, x.tensor, [1, size(x.shape)])
    let features = flat
    let width = size(x.shape)
    if (this.rng.next() < 0.5) {
      const units = this.rng.int(2, 12)
      const hidden = this.g.activation(`t${this.count++}`, [1, units])
      this.g.addOp({
        kind: 'fullyConnected',
        inputs: [features, this.weights([units, width], 1 / Math.sqrt(width)), this.weights([units], 0.1)],
        outputs: [hidden],
        activation: 'relu',
      })
      features = hidden
      width = units
    }
    const logits = this.g.activation(`t${this.count++}`, [1, classes])
    this.g.addOp({
      kind: 'fullyConnected',
      inputs: [features, this.weights([classes, width], 1 / Math.sqrt(width)), this.weights([classes], 0.1)],
      outputs: [logits],
      activation: 'none',
    })
    return this.g.softmax(`s${this.count++}`, logits, [1, classes])
  }
}

export interface RandomGraphs {
  readonly float: ModelGraph
  readonly int8: ModelGraph
  readonly inputs: (count: number) => Float32Array[]
}

/** A random float graph of `layers` body layers and its int8 version (calibrated on 16 random inputs). */
export function randomGraphs(seed: number, layers = 4): RandomGraphs {
  const rng = createRng(seed)
  const r = new RandomGraph(rng)
  const shape: [number, number, number, number] = [1, rng.int(2, 9), rng.int(2, 9), rng.int(1, 4)]
  const input = r.g.activation('input', shape)
  let x: Current = { tensor: input, shape }
  for (let i = 0; i < layers; i++) {
    const step = rng.next()
    if (step < 0.35) x = r.conv(x, 'conv2d')
    else if (step < 0.6) x = r.conv(x, 'depthwiseConv2d')
    else if (step < 0.72) x = r.pool(x)
    else if (step < 0.8) x = r.unary(x)
    else x = r.residual(x)
  }
  const output = r.head(x, rng.int(2, 5))
  const float = r.g.graph([input], [output], `random graph ${seed}`)
  const inputs = (count: number) => {
    const data = createRng(seed + 1000)
    return Array.from({ length: count }, () =>
      Float32Array.from({ length: size(shape) }, () => data.next() * 4 - 2),
    )
  }
  return { float, int8: quantizeGraph(float, calibrate(float, inputs(16))), inputs }
}

/** The int8 graph with float in and out: QUANTIZE before its input, DEQUANTIZE after its output. */
export function withFloatEdges(int8: ModelGraph): ModelGraph {
  const input = int8.tensors[int8.inputs[0]!]!
  const output = int8.tensors[int8.outputs[0]!]!
  const tensors = [
    ...int8.tensors,
    { name: 'float input', shape: input.shape, dtype: 'float32' as const },
    { name: 'float output', shape: output.shape, dtype: 'float32' as const },
  ]
  const floatIn = tensors.length - 2
  const floatOut = tensors.length - 1
  return {
    tensors,
    ops: [
      { kind: 'quantize', inputs: [floatIn], outputs: [int8.inputs[0]!] },
      ...int8.ops,
      { kind: 'dequantize', inputs: [int8.outputs[0]!], outputs: [floatOut] },
    ],
    inputs: [floatIn],
    outputs: [floatOut],
    description: `float edges around ${int8.description ?? 'model'}`,
  }
}
