/**
 * A float `ModelGraph` as a trainable TensorFlow.js function: every op of the IR written with tfjs ops on
 * a batch (NHWC, batch N instead of 1), weights from `WeightProvider`s. Fine-tuning (QAT, pruning,
 * clustering) works on the lowered graph itself — batch norm already folded, activations fused — so what
 * is trained is exactly what is exported, and a structurally pruned graph trains without a spec.
 *
 * Layouts: conv filters [outC, kH, kW, inC] are transposed to tfjs's [kH, kW, inC, outC]; depthwise
 * [1, kH, kW, C·m] reshaped to [kH, kW, C, m]; dense weights [out, in] are used transposed. Padding
 * 'same' splits as TFLite and TensorFlow do (the odd pixel at the bottom/right).
 */
import * as tf from '@tensorflow/tfjs-core'
// tfjs-core's Node bundle registers no gradient functions; importing tfjs-layers does (in Node and in
// a browser bundle alike), and fine-tuning needs them.
import '@tensorflow/tfjs-layers'
import type { FusedActivation, ModelGraph, Op, Tensor } from '../../model/graph'
import { VariableWeight, type WeightProvider } from './weight-provider'
import { compressFailure } from '../errors'

/** Called with every activation tensor as it is produced (and the model input): QAT's fake quantization. */
export type ActivationHook = (tensor: number, value: tf.Tensor, training: boolean) => tf.Tensor
/** Called with every weight tensor (not biases) before use: QAT's weight fake quantization. */
export type WeightHook = (tensor: number, op: Op, value: tf.Tensor) => tf.Tensor

export interface ForwardResult {
  /** The input of the final softmax: what the loss is computed on. */
  readonly logits: tf.Tensor
  readonly probabilities: tf.Tensor
}

const WEIGHTED = new Set(['conv2d', 'depthwiseConv2d', 'fullyConnected'])

function activate(x: tf.Tensor, activation: FusedActivation): tf.Tensor {
  if (activation === 'relu') return tf.relu(x)
  if (activation === 'relu6') return tf.relu6(x)
  return x
}

export class GraphModel {
  readonly providers = new Map<number, WeightProvider>()
  activationHook: ActivationHook | undefined
  weightHook: WeightHook | undefined
  /** Dropout rate by activation tensor, applied in training mode only (see dropout-plan.ts). */
  dropout: ReadonlyMap<number, number> = new Map()
  private readonly softmaxOp: Op
  private dropoutCalls = 0

  /** `providers` replace the default trainable variable of chosen constants (masks, clusters). */
  constructor(
    readonly graph: ModelGraph,
    providers: ReadonlyMap<number, WeightProvider> = new Map(),
  ) {
    const last = graph.ops[graph.ops.length - 1]
    if (!last || last.kind !== 'softmax' || last.outputs[0] !== graph.outputs[0])
      throw compressFailure('UnsupportedGraph', 'Fine-tuning needs a classifier that ends in a softmax.')
    this.softmaxOp = last
    for (const op of graph.ops) {
      if (!WEIGHTED.has(op.kind)) continue
      for (const t of op.inputs.slice(1)) {
        if (t < 0 || this.providers.has(t)) continue
        const given = providers.get(t)
        this.providers.set(
          t,
          given ?? new VariableWeight(graph.tensors[t]!.shape, floatData(graph.tensors[t]!)),
        )
      }
    }
  }

  get trainableVariables(): tf.Variable[] {
    return [...this.providers.values()].flatMap((p) => [...p.variables])
  }

  /** Runs the graph on a batch `x` of shape [N, ...input shape without batch]. */
  forward(x: tf.Tensor, training: boolean): ForwardResult {
    const values = new Map<number, tf.Tensor>()
    const hook = (t: number, v: tf.Tensor) => {
      const seen = this.activationHook ? this.activationHook(t, v, training) : v
      const rate = training ? (this.dropout.get(t) ?? 0) : 0
      // A seed per call: reproducible runs, different masks on every batch.
      return rate > 0 ? tf.dropout(seen, rate, undefined, this.dropoutCalls++) : seen
    }
    values.set(this.graph.inputs[0]!, hook(this.graph.inputs[0]!, x))
    for (const op of this.graph.ops) {
      if (op === this.softmaxOp) break
      values.set(op.outputs[0]!, hook(op.outputs[0]!, this.runOp(op, values)))
    }
    const logits = values.get(this.softmaxOp.inputs[0]!)!
    const beta = this.softmaxOp.kind === 'softmax' ? this.softmaxOp.beta : 1
    return { logits, probabilities: tf.softmax(beta === 1 ? logits : tf.mul(logits, beta)) }
  }

  /** The graph with the current weights (masks applied, centroids gathered): float32, ready to quantize. */
  toGraph(description?: string): ModelGraph {
    const tensors: Tensor[] = this.graph.tensors.map((t, i) => {
      const p = this.providers.get(i)
      return p ? { ...t, data: p.values() } : t
    })
    return { ...this.graph, tensors, description: description ?? this.graph.description ?? 'fine-tuned' }
  }

  dispose(): void {
    for (const p of this.providers.values()) p.dispose()
  }

  private weight(op: Op, position: number): tf.Tensor | undefined {
    const t = op.inputs[position] ?? -1
    if (t < 0) return undefined
    const value = this.providers.get(t)!.value()
    return position === 1 && this.weightHook ? this.weightHook(t, op, value) : value
  }

  private runOp(op: Op, values: Map<number, tf.Tensor>): tf.Tensor {
    const x = values.get(op.inputs[0]!)!
    const batchShape = (t: number) => [-1, ...this.graph.tensors[t]!.shape.slice(1)]
    const withBias = (y: tf.Tensor) => {
      const b = this.weight(op, 2)
      return b ? tf.add(y, b) : y
    }
    switch (op.kind) {
      case 'conv2d': {
        const f = tf.transpose(this.weight(op, 1)!, [1, 2, 3, 0]) as tf.Tensor4D
        const y = tf.conv2d(x as tf.Tensor4D, f, [op.strideH, op.strideW], op.padding, 'NHWC', [
          op.dilationH,
          op.dilationW,
        ])
        return activate(withBias(y), op.activation)
      }
      case 'depthwiseConv2d': {
        const [, kh, kw, channels] = this.graph.tensors[op.inputs[1]!]!.shape as number[]
        const inC = channels! / op.depthMultiplier
        const f = tf.reshape(this.weight(op, 1)!, [kh!, kw!, inC, op.depthMultiplier]) as tf.Tensor4D
        const y = tf.depthwiseConv2d(x as tf.Tensor4D, f, [op.strideH, op.strideW], op.padding, 'NHWC', [
          op.dilationH,
          op.dilationW,
        ])
        return activate(withBias(y), op.activation)
      }
      case 'fullyConnected': {
        const w = this.weight(op, 1)!
        const flat = tf.reshape(x, [-1, w.shape[1]!]) as tf.Tensor2D
        return activate(withBias(tf.matMul(flat, w as tf.Tensor2D, false, true)), op.activation)
      }
      case 'maxPool2d':
      case 'averagePool2d': {
        const pool = op.kind === 'maxPool2d' ? tf.maxPool : tf.avgPool
        const y = pool(x as tf.Tensor4D, [op.filterH, op.filterW], [op.strideH, op.strideW], op.padding)
        return activate(y, op.activation)
      }
      case 'add':
        return activate(tf.add(x, values.get(op.inputs[1]!)!), op.activation)
      case 'reshape':
        return tf.reshape(x, batchShape(op.outputs[0]!))
      case 'relu':
      case 'relu6':
        return activate(x, op.kind)
      default:
        throw compressFailure('UnsupportedGraph', `Fine-tuning cannot run a ${op.kind} op inside the model.`)
    }
  }
}

function floatData(tensor: Tensor): Float32Array {
  if (!(tensor.data instanceof Float32Array))
    throw compressFailure(
      'UnsupportedGraph',
      `Tensor "${tensor.name}" is not float32: fine-tune the float model.`,
    )
  return tensor.data
}
