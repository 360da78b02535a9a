/**
 * The .tflite writer: `ModelGraph` → TFLite flatbuffer (schema version 3, identifier "TFL3"), built with the
 * `flatbuffers` Builder. What `readTflite` reads back is the same graph (same tensors in the same order,
 * same ops, inputs, outputs and description). Written per schema.fbs:
 * - buffer 0 is the empty sentinel; each constant tensor gets its own buffer, data aligned to 16 bytes
 *   (`force_align: 16`) and stored little-endian;
 * - operator codes carry both `deprecated_builtin_code` and `builtin_code`, as current converters write;
 * - per-channel quantization is written with `quantized_dimension` = the IR's `axis`.
 * Not written: min/max calibration ranges, signature defs, metadata, shape signatures.
 */
import { CodegenErrorCode } from '../../../shared/api/codegen'
import { Builder } from 'flatbuffers'
import { MoteFailure } from '../../../shared/errors'
import type { DType, ModelGraph, Op, Tensor, TensorData } from '../../model/graph'
import {
  BufferField,
  ModelField,
  OperatorCodeField,
  OperatorField,
  QuantizationField,
  SubGraphField,
  TensorField,
  TensorType,
  TFLITE_FILE_IDENTIFIER,
  TFLITE_SCHEMA_VERSION,
} from './schema'
import { BUILTIN_OF_KIND, int32Vector, opVersion, writeOptions } from './writer-ops'

const TYPE_OF_DTYPE: Readonly<Record<DType, number>> = {
  float32: TensorType.FLOAT32,
  int32: TensorType.INT32,
  uint8: TensorType.UINT8,
  int16: TensorType.INT16,
  int8: TensorType.INT8,
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
/** The smallest positive normal float32, 2^−126. */
const MIN_NORMAL_FLOAT32 = 2 ** -126

function invalid(problem: string): MoteFailure {
  return new MoteFailure(
    CodegenErrorCode.TfliteWriteInvalidGraph,
    `The model cannot be saved as .tflite: ${problem}.`,
  )
}

function littleEndianBytes(data: TensorData): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) return bytes
  const swapped = new Uint8Array(bytes.length)
  const size = data.BYTES_PER_ELEMENT
  for (let i = 0; i < bytes.length; i++) swapped[i] = bytes[i - (i % size) + size - 1 - (i % size)] ?? 0
  return swapped
}

function table(builder: Builder, fields: number, add: () => void): number {
  builder.startObject(fields)
  add()
  return builder.endObject()
}

function tableVector(builder: Builder, offsets: readonly number[]): number {
  builder.startVector(4, offsets.length, 4)
  for (let i = offsets.length - 1; i >= 0; i--) builder.addOffset(offsets[i] ?? 0)
  return builder.endVector()
}

function writeBuffer(builder: Builder, data: TensorData | undefined): number {
  if (!data) return table(builder, BufferField.count, () => {})
  const bytes = littleEndianBytes(data)
  builder.startVector(1, bytes.length, 16)
  for (let i = bytes.length - 1; i >= 0; i--) builder.writeInt8(bytes[i] ?? 0)
  const vector = builder.endVector()
  return table(builder, BufferField.count, () => builder.addFieldOffset(BufferField.data, vector, 0))
}

function writeQuantization(builder: Builder, tensor: Tensor): number {
  const q = tensor.quantization
  if (!q) return 0
  builder.startVector(4, q.scale.length, 4)
  for (let i = q.scale.length - 1; i >= 0; i--) builder.addFloat32(q.scale[i] ?? 0)
  const scale = builder.endVector()
  builder.startVector(8, q.zeroPoint.length, 8)
  for (let i = q.zeroPoint.length - 1; i >= 0; i--) builder.addInt64(BigInt(q.zeroPoint[i] ?? 0))
  const zeroPoint = builder.endVector()
  return table(builder, QuantizationField.count, () => {
    builder.addFieldOffset(QuantizationField.scale, scale, 0)
    builder.addFieldOffset(QuantizationField.zeroPoint, zeroPoint, 0)
    builder.addFieldInt32(QuantizationField.quantizedDimension, q.axis ?? 0, 0)
  })
}

function writeTensor(builder: Builder, tensor: Tensor, bufferIndex: number): number {
  const shape = int32Vector(builder, tensor.shape)
  const name = builder.createString(tensor.name)
  const quantization = writeQuantization(builder, tensor)
  return table(builder, TensorField.count, () => {
    builder.addFieldOffset(TensorField.shape, shape, 0)
    builder.addFieldInt8(TensorField.type, TYPE_OF_DTYPE[tensor.dtype], 0)
    builder.addFieldInt32(TensorField.buffer, bufferIndex, 0)
    builder.addFieldOffset(TensorField.name, name, 0)
    builder.addFieldOffset(TensorField.quantization, quantization, 0)
  })
}

/** Unique (builtin code, version) pairs in order of first use, and each op's index into them. */
function operatorCodes(graph: ModelGraph) {
  const keys: string[] = []
  const opcodeIndex = graph.ops.map((op) => {
    const key = `${BUILTIN_OF_KIND[op.kind]}:${opVersion(graph, op)}`
    if (!keys.includes(key)) keys.push(key)
    return keys.indexOf(key)
  })
  return { codes: keys.map((k) => k.split(':').map(Number) as [number, number]), opcodeIndex }
}

function writeOperatorCode(builder: Builder, [code, version]: [number, number]): number {
  return table(builder, OperatorCodeField.count, () => {
    builder.addFieldInt8(OperatorCodeField.deprecatedBuiltinCode, Math.min(code, 127), 0)
    builder.addFieldInt32(OperatorCodeField.version, version, 1)
    builder.addFieldInt32(OperatorCodeField.builtinCode, code, 0)
  })
}

function writeOperator(builder: Builder, graph: ModelGraph, op: Op, opcodeIndex: number): number {
  const inputs = int32Vector(builder, op.inputs)
  const outputs = int32Vector(builder, op.outputs)
  const [optionsType, options] = writeOptions(builder, graph, op)
  return table(builder, OperatorField.count, () => {
    builder.addFieldInt32(OperatorField.opcodeIndex, opcodeIndex, 0)
    builder.addFieldOffset(OperatorField.inputs, inputs, 0)
    builder.addFieldOffset(OperatorField.outputs, outputs, 0)
    builder.addFieldInt8(OperatorField.builtinOptionsType, optionsType, 0)
    builder.addFieldOffset(OperatorField.builtinOptions, options, 0)
  })
}

function validate(graph: ModelGraph): void {
  const count = graph.tensors.length
  const inRange = (i: number) => Number.isInteger(i) && i >= 0 && i < count
  graph.ops.forEach((op, index) => {
    if (!op.inputs.every((i) => i === -1 || inRange(i)) || !op.outputs.every(inRange)) {
      throw invalid(`op ${index} (${op.kind}) refers to a tensor that does not exist`)
    }
  })
  if (!graph.inputs.every(inRange) || !graph.outputs.every(inRange))
    throw invalid('a model input or output is missing')
  for (const tensor of graph.tensors) {
    const elements = tensor.shape.reduce((a, b) => a * b, 1)
    if (tensor.data && tensor.data.length !== elements)
      throw invalid(`tensor "${tensor.name}" has the wrong data size`)
    checkQuantization(tensor)
  }
}

/**
 * Every scale must be a positive normal float32 (TFLite's kernels and XNNPACK refuse the model otherwise)
 * and every scale needs its zero point.
 */
function checkQuantization({ name, quantization: q }: Tensor): void {
  if (!q) return
  if (q.scale.length === 0 || q.zeroPoint.length !== q.scale.length)
    throw invalid(`tensor "${name}" has ${q.scale.length} scales and ${q.zeroPoint.length} zero points`)
  q.scale.forEach((scale, channel) => {
    if (!(Math.fround(scale) >= MIN_NORMAL_FLOAT32) || !Number.isFinite(Math.fround(scale))) {
      const where = q.scale.length > 1 ? ` in channel ${channel}` : ''
      throw invalid(`tensor "${name}" has the scale ${scale}${where}, and TFLite needs a positive one`)
    }
  })
}

/** Serialises `graph` to a .tflite flatbuffer. */
export function writeTflite(graph: ModelGraph): Uint8Array {
  validate(graph)
  const dataBytes = graph.tensors.reduce((sum, t) => sum + (t.data?.byteLength ?? 0), 0)
  const builder = new Builder(dataBytes + 4096)
  const buffers = [writeBuffer(builder, undefined)]
  const tensors = graph.tensors.map((tensor) => {
    const bufferIndex = tensor.data ? buffers.push(writeBuffer(builder, tensor.data)) - 1 : 0
    return writeTensor(builder, tensor, bufferIndex)
  })
  const { codes, opcodeIndex } = operatorCodes(graph)
  const operators = graph.ops.map((op, i) => writeOperator(builder, graph, op, opcodeIndex[i] ?? 0))
  const subgraphFields = {
    tensors: tableVector(builder, tensors),
    inputs: int32Vector(builder, graph.inputs),
    outputs: int32Vector(builder, graph.outputs),
    operators: tableVector(builder, operators),
    name: builder.createString('main'),
  }
  const subgraph = table(builder, SubGraphField.count, () => {
    builder.addFieldOffset(SubGraphField.tensors, subgraphFields.tensors, 0)
    builder.addFieldOffset(SubGraphField.inputs, subgraphFields.inputs, 0)
    builder.addFieldOffset(SubGraphField.outputs, subgraphFields.outputs, 0)
    builder.addFieldOffset(SubGraphField.operators, subgraphFields.operators, 0)
    builder.addFieldOffset(SubGraphField.name, subgraphFields.name, 0)
  })
  const modelFields = {
    operatorCodes: tableVector(
      builder,
      codes.map((code) => writeOperatorCode(builder, code)),
    ),
    subgraphs: tableVector(builder, [subgraph]),
    description: graph.description === undefined ? 0 : builder.createString(graph.description),
    buffers: tableVector(builder, buffers),
  }
  const model = table(builder, ModelField.count, () => {
    builder.addFieldInt32(ModelField.version, TFLITE_SCHEMA_VERSION, 0)
    builder.addFieldOffset(ModelField.operatorCodes, modelFields.operatorCodes, 0)
    builder.addFieldOffset(ModelField.subgraphs, modelFields.subgraphs, 0)
    builder.addFieldOffset(ModelField.description, modelFields.description, 0)
    builder.addFieldOffset(ModelField.buffers, modelFields.buffers, 0)
  })
  builder.finish(model, TFLITE_FILE_IDENTIFIER)
  // A copy in its own ArrayBuffer, so that offsets in the file are offsets in memory (aligned views).
  return builder.asUint8Array().slice()
}
