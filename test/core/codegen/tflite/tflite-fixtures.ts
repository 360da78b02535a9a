/**
 * A minimal, independent TFLite flatbuffer builder for reader tests: field numbers are written out here from
 * schema.fbs rather than imported from the reader, so that a wrong constant in src/ cannot hide itself.
 */
import { Builder } from 'flatbuffers'

export interface FixtureOpCode {
  readonly deprecated?: number
  readonly builtin?: number
  readonly custom?: string
}
export interface FixtureTensor {
  readonly name: string
  readonly shape: number[]
  readonly type: number // TensorType: FLOAT32 0, INT32 2, INT64 4, INT8 9
  readonly data?: Uint8Array
  readonly scale?: number[]
  readonly zeroPoint?: number[]
}
export interface FixtureOperator {
  readonly opcode: number
  readonly inputs: number[]
  readonly outputs: number[]
  /** [BuiltinOptions type, fields as [field number, int8 | int32 value, 'i8' | 'i32']]. */
  readonly options?: [number, [number, number, 'i8' | 'i32'][]]
}
export interface FixtureModel {
  readonly version?: number
  readonly opcodes: FixtureOpCode[]
  readonly tensors: FixtureTensor[]
  readonly operators: FixtureOperator[]
  readonly inputs: number[]
  readonly outputs: number[]
  readonly subgraphs?: number
}

function ints(b: Builder, values: number[]): number {
  b.startVector(4, values.length, 4)
  for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i]!)
  return b.endVector()
}

function offsets(b: Builder, values: number[]): number {
  b.startVector(4, values.length, 4)
  for (let i = values.length - 1; i >= 0; i--) b.addOffset(values[i]!)
  return b.endVector()
}

function tensor(b: Builder, t: FixtureTensor, buffer: number): number {
  const shape = ints(b, t.shape)
  const name = b.createString(t.name)
  let quantization = 0
  if (t.scale) {
    b.startVector(4, t.scale.length, 4)
    for (let i = t.scale.length - 1; i >= 0; i--) b.addFloat32(t.scale[i]!)
    const scale = b.endVector()
    const zps = t.zeroPoint ?? t.scale.map(() => 0)
    b.startVector(8, zps.length, 8)
    for (let i = zps.length - 1; i >= 0; i--) b.addInt64(BigInt(zps[i]!))
    const zeroPoint = b.endVector()
    b.startObject(7)
    b.addFieldOffset(2, scale, 0)
    b.addFieldOffset(3, zeroPoint, 0)
    quantization = b.endObject()
  }
  b.startObject(5)
  b.addFieldOffset(0, shape, 0)
  b.addFieldInt8(1, t.type, -1)
  b.addFieldInt32(2, buffer, -1)
  b.addFieldOffset(3, name, 0)
  if (quantization) b.addFieldOffset(4, quantization, 0)
  return b.endObject()
}

function operator(b: Builder, op: FixtureOperator): number {
  const inputs = ints(b, op.inputs)
  const outputs = ints(b, op.outputs)
  let options = 0
  if (op.options) {
    const fields = op.options[1]
    b.startObject(Math.max(0, ...fields.map(([f]) => f + 1)))
    for (const [field, value, kind] of fields) {
      if (kind === 'i8') b.addFieldInt8(field, value, null)
      else b.addFieldInt32(field, value, null)
    }
    options = b.endObject()
  }
  b.startObject(5)
  b.addFieldInt32(0, op.opcode, -1)
  b.addFieldOffset(1, inputs, 0)
  b.addFieldOffset(2, outputs, 0)
  if (op.options) {
    b.addFieldInt8(3, op.options[0], -1)
    b.addFieldOffset(4, options, 0)
  }
  return b.endObject()
}

function opcode(b: Builder, code: FixtureOpCode): number {
  const custom = code.custom === undefined ? 0 : b.createString(code.custom)
  b.startObject(4)
  if (code.deprecated !== undefined) b.addFieldInt8(0, code.deprecated, null)
  if (custom) b.addFieldOffset(1, custom, 0)
  if (code.builtin !== undefined) b.addFieldInt32(3, code.builtin, null)
  return b.endObject()
}

export function buildModel(m: FixtureModel): Uint8Array {
  const b = new Builder(1024)
  b.startObject(1)
  const buffers = [b.endObject()]
  const tensors = m.tensors.map((t) => {
    if (!t.data) return tensor(b, t, 0)
    const data = b.createByteVector(t.data)
    b.startObject(1)
    b.addFieldOffset(0, data, 0)
    buffers.push(b.endObject())
    return tensor(b, t, buffers.length - 1)
  })
  const operators = m.operators.map((op) => operator(b, op))
  const subgraphFields = [offsets(b, tensors), ints(b, m.inputs), ints(b, m.outputs), offsets(b, operators)]
  b.startObject(4)
  subgraphFields.forEach((value, field) => b.addFieldOffset(field, value, 0))
  const subgraph = b.endObject()
  const codes = offsets(
    b,
    m.opcodes.map((c) => opcode(b, c)),
  )
  const subgraphs = offsets(
    b,
    Array.from({ length: m.subgraphs ?? 1 }, () => subgraph),
  )
  const bufferVector = offsets(b, buffers)
  b.startObject(5)
  b.addFieldInt32(0, m.version ?? 3, -1)
  b.addFieldOffset(1, codes, 0)
  b.addFieldOffset(2, subgraphs, 0)
  b.addFieldOffset(4, bufferVector, 0)
  b.finish(b.endObject(), 'TFL3')
  return b.asUint8Array().slice()
}

/** A one-op int8 model: tensor 0 (input) → op → tensor 1 (output), all [1, 4] int8 at scale 1. */
export function oneOpModel(code: FixtureOpCode, overrides: Partial<FixtureModel> = {}): Uint8Array {
  return buildModel({
    opcodes: [code],
    tensors: [
      { name: 'in', shape: [1, 4], type: 9, scale: [1], zeroPoint: [0] },
      { name: 'out', shape: [1, 4], type: 9, scale: [1], zeroPoint: [0] },
    ],
    operators: [{ opcode: 0, inputs: [0], outputs: [1] }],
    inputs: [0],
    outputs: [1],
    ...overrides,
  })
}
