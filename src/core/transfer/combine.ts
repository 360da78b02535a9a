/**
 * A pretrained backbone plus a new head as ONE graph. The head is trained in float on the backbone's
 * dequantized int8 embeddings, then quantized here with the backbone's output parameters at its input, so
 * that the int8 head reads the backbone's int8 embedding as it is: no requantization between the two, and
 * the combined graph computes exactly backbone-then-head (tested bit for bit). The backbone's tensors and
 * ops are the .tflite's, unchanged.
 */
import type { ModelGraph, Tensor } from '../model/graph'
import { calibrate } from '../compress/ptq/calibrate'
import { quantizeGraph } from '../compress/ptq/quantize-graph'
import { createInterpreter } from '../compress/reference'
import type { AffineParams } from '../compress/quantize/params'
import { trainFailure } from '../train/errors'

/**
 * The int8 head: calibrated on `embeddings` (the training windows' dequantized embeddings), quantized
 * (TFLite's rules: compress/ptq), its input tensor then given exactly the backbone output's parameters.
 * The calibrated input range already spans the backbone's grid, so the bias scale moves by a rounding at
 * most; the interpreter derives every multiplier from the tensors' own parameters.
 */
export function quantizeHead(
  head: ModelGraph,
  embeddings: readonly Float32Array[],
  embeddingParams: AffineParams,
): ModelGraph {
  const ranges = new Map(calibrate(head, embeddings))
  const lo = (-128 - embeddingParams.zeroPoint) * embeddingParams.scale
  const hi = (127 - embeddingParams.zeroPoint) * embeddingParams.scale
  ranges.set(head.inputs[0]!, { min: lo, max: hi })
  const quantized = quantizeGraph(head, ranges, { description: 'new head (int8)' })
  const input = quantized.inputs[0]!
  const tensors = quantized.tensors.map((t, i) =>
    i === input
      ? { ...t, quantization: { scale: [embeddingParams.scale], zeroPoint: [embeddingParams.zeroPoint] } }
      : t,
  )
  const graph = { ...quantized, tensors }
  createInterpreter(graph)
  return graph
}

function sameQuantization(a: Tensor, b: Tensor): boolean {
  return (
    a.dtype === b.dtype &&
    JSON.stringify(a.quantization?.scale) === JSON.stringify(b.quantization?.scale) &&
    JSON.stringify(a.quantization?.zeroPoint) === JSON.stringify(b.quantization?.zeroPoint)
  )
}

/**
 * `first` then `second` as one graph: `second`'s input tensor becomes `first`'s output tensor (same shape,
 * type and quantization, else a failure naming the difference); `second`'s other tensors follow `first`'s.
 */
export function stitchGraphs(first: ModelGraph, second: ModelGraph, description: string): ModelGraph {
  const joint = first.tensors[first.outputs[0]!]!
  const headInput = second.inputs[0]!
  const head = second.tensors[headInput]!
  const elements = (t: Tensor) => t.shape.reduce((a, b) => a * b, 1)
  if (elements(joint) !== elements(head) || !sameQuantization(joint, head))
    throw trainFailure(
      'OutputMismatch',
      `The head reads ${head.dtype} [${head.shape.join(', ')}] but the backbone gives ${joint.dtype} [${joint.shape.join(', ')}] with other quantization. Train the head on this backbone again.`,
    )
  // The head's input tensor is dropped; the head's later tensors move down by one.
  const offset = first.tensors.length
  const remap = (t: number) =>
    t < 0 ? t : t === headInput ? first.outputs[0]! : offset + t - (t > headInput ? 1 : 0)
  return {
    tensors: [...first.tensors, ...second.tensors.filter((_, i) => i !== headInput)],
    ops: [
      ...first.ops,
      ...second.ops.map((op) => ({ ...op, inputs: op.inputs.map(remap), outputs: op.outputs.map(remap) })),
    ],
    inputs: first.inputs,
    outputs: second.outputs.map(remap),
    description,
  }
}
