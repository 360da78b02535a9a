/**
 * The frozen backbone of a pretrained int8 classifier (an MLPerf Tiny model read from its .tflite): its ops
 * from the input up to the pooled embedding — the RESHAPE (or pool) whose output the final
 * FULLY_CONNECTED reads — as a compact int8 `ModelGraph` of its own, and an embedder that runs it on float
 * features with the int8 reference interpreter (exactly what the board will compute).
 */
import type { CancellationToken } from '../../shared/api/jobs'
import { throwIfCancelled } from '../../shared/errors'
import type { ModelGraph, Op, Tensor } from '../model/graph'
import { dequantizeValue, quantizeValue, type AffineParams } from '../compress/quantize/params'
import { createInterpreter } from '../compress/reference'
import type { WindowSet } from '../train/window-set'
import { trainFailure } from '../train/errors'

/** A graph of `ops` (a subset of `graph.ops`, in order) with only the tensors they use, re-indexed. */
export function compactGraph(
  graph: ModelGraph,
  ops: readonly Op[],
  outputs: readonly number[],
  description: string,
): ModelGraph {
  const used = new Set<number>(graph.inputs)
  for (const op of ops) for (const t of [...op.inputs, ...op.outputs]) if (t >= 0) used.add(t)
  const order = [...used].sort((a, b) => a - b)
  const index = new Map(order.map((t, i) => [t, i]))
  const at = (t: number) => (t < 0 ? t : index.get(t)!)
  return {
    tensors: order.map((t) => graph.tensors[t]!),
    ops: ops.map((op) => ({ ...op, inputs: op.inputs.map(at), outputs: op.outputs.map(at) })),
    inputs: graph.inputs.map(at),
    outputs: outputs.map(at),
    description,
  }
}

/** The backbone of a classifier graph: everything before its last FULLY_CONNECTED. */
export function cutBackbone(graph: ModelGraph, name: string): ModelGraph {
  const fc = graph.ops.findLastIndex((op) => op.kind === 'fullyConnected')
  if (fc < 1)
    throw trainFailure(
      'InvalidDesign',
      `The pretrained model ${name} has no final dense layer to replace: it cannot serve as a backbone.`,
    )
  const embedding = graph.ops[fc]!.inputs[0]!
  const ops = graph.ops.slice(0, fc)
  if (!ops.some((op) => op.outputs.includes(embedding)))
    throw trainFailure('InvalidDesign', `The pretrained model ${name} computes its embedding out of order.`)
  return compactGraph(graph, ops, [embedding], `backbone of ${name} (frozen, int8)`)
}

export function affineOf(tensor: Tensor): AffineParams {
  const q = tensor.quantization
  if (!q || tensor.dtype !== 'int8')
    throw trainFailure('InvalidDesign', `Tensor "${tensor.name}" of the pretrained model is not int8.`)
  return { scale: q.scale[0]!, zeroPoint: q.zeroPoint[0]! }
}

export interface Embedder {
  readonly backbone: ModelGraph
  readonly inputParams: AffineParams
  readonly outputParams: AffineParams
  readonly embeddingSize: number
  /** The int8 embedding of one window's float features (quantized with the input's parameters). */
  embedInt8(features: Float32Array): Int8Array
  /** The same, dequantized: what the head trains on. */
  embed(features: Float32Array): Float32Array
}

export function createEmbedder(backbone: ModelGraph): Embedder {
  const interpreter = createInterpreter(backbone)
  const input = backbone.tensors[backbone.inputs[0]!]!
  const output = backbone.tensors[backbone.outputs[0]!]!
  const inputParams = affineOf(input)
  const outputParams = affineOf(output)
  const embeddingSize = output.shape.reduce((a, b) => a * b, 1)
  const embedInt8 = (features: Float32Array) => {
    const q = new Int8Array(features.length)
    for (let i = 0; i < features.length; i++) q[i] = quantizeValue(features[i]!, inputParams)
    return interpreter.run([q])[0] as Int8Array
  }
  return {
    backbone,
    inputParams,
    outputParams,
    embeddingSize,
    embedInt8,
    embed: (features) => Float32Array.from(embedInt8(features), (v) => dequantizeValue(v, outputParams)),
  }
}

export interface EmbedOptions {
  readonly cancellation?: CancellationToken
  readonly pause?: () => Promise<void>
  readonly progress?: (done: number, total: number) => void
}

/** Every window of `set` through the backbone: a set of embeddings with the same labels and origins. */
export async function embedSet(
  embedder: Embedder,
  set: WindowSet,
  options: EmbedOptions = {},
): Promise<WindowSet> {
  const size = embedder.embeddingSize
  const features = new Float32Array(set.count * size)
  for (let w = 0; w < set.count; w++) {
    throwIfCancelled(options.cancellation)
    const window = set.features.subarray(w * set.featureSize, (w + 1) * set.featureSize)
    features.set(embedder.embed(window), w * size)
    options.progress?.(w + 1, set.count)
    if (options.pause && w % 16 === 15) await options.pause()
  }
  return { ...set, featureShape: [size], featureSize: size, features }
}
