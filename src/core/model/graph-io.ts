import { z } from 'zod'
import type { DType, ModelGraph, Op, Tensor, TensorData } from './graph'
import { modelFailure } from './errors'

/**
 * A `ModelGraph` on disk as two files: `graph.json` (tensors, ops, and for each constant an offset and byte
 * length into the binary) and `graph.bin` (the constants' bytes, little-endian, each starting on an 8-byte
 * boundary). JSON keeps it readable and diffable; the binary keeps weights exact.
 */
export const GRAPH_FORMAT = 'mote-model-graph'
export const GRAPH_VERSION = 1

const CTORS = {
  float32: Float32Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
} as const

const tensorSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().min(0)),
  dtype: z.enum(['float32', 'int8', 'int16', 'int32', 'uint8']),
  quantization: z
    .object({ scale: z.array(z.number()), zeroPoint: z.array(z.number()), axis: z.number().int().optional() })
    .optional(),
  data: z.object({ offset: z.number().int().min(0), bytes: z.number().int().min(0) }).optional(),
})
const fileSchema = z.object({
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_VERSION),
  description: z.string().optional(),
  inputs: z.array(z.number().int()),
  outputs: z.array(z.number().int()),
  tensors: z.array(tensorSchema),
  ops: z.array(
    z.looseObject({
      kind: z.string(),
      inputs: z.array(z.number().int()),
      outputs: z.array(z.number().int()),
    }),
  ),
})

export function serializeGraph(graph: ModelGraph): { json: string; bin: Uint8Array } {
  let size = 0
  const placed = graph.tensors.map((t) => {
    if (t.data === undefined) return undefined
    size = Math.ceil(size / 8) * 8
    const at = { offset: size, bytes: t.data.byteLength }
    size += t.data.byteLength
    return at
  })
  const bin = new Uint8Array(size)
  const tensors = graph.tensors.map((t, i) => {
    const at = placed[i]
    if (at !== undefined)
      bin.set(new Uint8Array(t.data!.buffer, t.data!.byteOffset, t.data!.byteLength), at.offset)
    const { data: _data, ...rest } = t
    return at === undefined ? rest : { ...rest, data: at }
  })
  const file = {
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    ...(graph.description === undefined ? {} : { description: graph.description }),
    inputs: graph.inputs,
    outputs: graph.outputs,
    tensors,
    ops: graph.ops,
  }
  return { json: JSON.stringify(file), bin }
}

/** Reads the two files back; fails (12005) on a damaged or foreign file rather than guessing. */
export function deserializeGraph(json: string, bin: Uint8Array): ModelGraph {
  let parsed: z.infer<typeof fileSchema>
  try {
    parsed = fileSchema.parse(JSON.parse(json))
  } catch (error) {
    throw modelFailure(
      'GraphFileInvalid',
      'The stored model graph is damaged or of an unknown version. Retrain the model.',
      String(error),
    )
  }
  const tensors: Tensor[] = parsed.tensors.map((t) => {
    const { data, ...rest } = t
    if (data === undefined) return rest as Tensor
    if (data.offset + data.bytes > bin.byteLength || data.offset % 8 !== 0)
      throw modelFailure(
        'GraphFileInvalid',
        `The weights file is shorter than the graph says (tensor "${t.name}"). Retrain the model.`,
      )
    return { ...rest, data: copyOut(bin, data.offset, data.bytes, t.dtype) } as Tensor
  })
  return {
    tensors,
    ops: parsed.ops as unknown as Op[],
    inputs: parsed.inputs,
    outputs: parsed.outputs,
    ...(parsed.description === undefined ? {} : { description: parsed.description }),
  }
}

function copyOut(bin: Uint8Array, offset: number, bytes: number, dtype: DType): TensorData {
  const Ctor = CTORS[dtype]
  const copy = new Uint8Array(bytes)
  copy.set(bin.subarray(offset, offset + bytes))
  return new Ctor(copy.buffer, 0, bytes / Ctor.BYTES_PER_ELEMENT)
}
