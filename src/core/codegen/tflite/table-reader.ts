/**
 * A small bounds-checked view of one flatbuffer table, over the `flatbuffers` runtime's `ByteBuffer`.
 * The runtime itself does no verification (a corrupt offset reads `undefined` bytes as zeros), so every
 * table and vector position is checked against the buffer size here and a corrupt file fails with
 * `CodegenErrorCode.TfliteCorrupt` instead of producing a silently wrong model.
 *
 * Byte vectors are returned as `subarray` views of the file bytes (no copy).
 */
import { CodegenErrorCode } from '../../../shared/api/codegen'
import type { ByteBuffer } from 'flatbuffers'
import { MoteFailure } from '../../../shared/errors'
import { slot } from './schema'

export function corrupt(detail: string): MoteFailure {
  return new MoteFailure(
    CodegenErrorCode.TfliteCorrupt,
    'This .tflite file is damaged or is not a TensorFlow Lite model; export it again from the converter.',
    detail,
  )
}

export class TableReader {
  constructor(
    readonly bb: ByteBuffer,
    readonly pos: number,
  ) {
    const size = bb.capacity()
    if (pos < 0 || pos + 4 > size) throw corrupt(`table at ${pos} outside a ${size}-byte file`)
    const vtable = pos - bb.readInt32(pos)
    if (vtable < 0 || vtable + 4 > size || vtable + bb.readUint16(vtable) > size) {
      throw corrupt(`vtable of the table at ${pos} outside the file`)
    }
    if (pos + bb.readUint16(vtable + 2) > size) throw corrupt(`table at ${pos} runs past the end of the file`)
  }

  /** Offset of field `field` inside the table, 0 when absent. */
  private offset(field: number): number {
    return this.bb.__offset(this.pos, slot(field))
  }

  has(field: number): boolean {
    return this.offset(field) !== 0
  }

  int8(field: number, fallback = 0): number {
    const o = this.offset(field)
    return o ? this.bb.readInt8(this.pos + o) : fallback
  }

  uint8(field: number, fallback = 0): number {
    const o = this.offset(field)
    return o ? this.bb.readUint8(this.pos + o) : fallback
  }

  int32(field: number, fallback = 0): number {
    const o = this.offset(field)
    return o ? this.bb.readInt32(this.pos + o) : fallback
  }

  uint32(field: number, fallback = 0): number {
    const o = this.offset(field)
    return o ? this.bb.readUint32(this.pos + o) : fallback
  }

  float32(field: number, fallback = 0): number {
    const o = this.offset(field)
    return o ? this.bb.readFloat32(this.pos + o) : fallback
  }

  /** A `ulong` field as a number (exact below 2^53, which any file we can load satisfies). */
  uint64(field: number, fallback = 0): number {
    const o = this.offset(field)
    return o ? Number(this.bb.readUint64(this.pos + o)) : fallback
  }

  table(field: number): TableReader | undefined {
    const o = this.offset(field)
    return o ? new TableReader(this.bb, this.bb.__indirect(this.pos + o)) : undefined
  }

  string(field: number): string | undefined {
    const o = this.offset(field)
    if (!o) return undefined
    this.vector(field, 1)
    return this.bb.__string(this.pos + o) as string
  }

  /** Start and length of a vector field of `elementBytes`-sized elements, checked against the file size. */
  vector(field: number, elementBytes: number): { start: number; length: number } {
    const o = this.offset(field)
    if (!o) return { start: 0, length: 0 }
    const start = this.bb.__vector(this.pos + o)
    const length = this.bb.__vector_len(this.pos + o)
    if (start < 0 || length < 0 || start + length * elementBytes > this.bb.capacity()) {
      throw corrupt(`vector field ${field} of the table at ${this.pos} runs past the end of the file`)
    }
    return { start, length }
  }

  tables(field: number): TableReader[] {
    const { start, length } = this.vector(field, 4)
    const result: TableReader[] = []
    for (let i = 0; i < length; i++) result.push(new TableReader(this.bb, this.bb.__indirect(start + 4 * i)))
    return result
  }

  int32s(field: number): number[] {
    const { start, length } = this.vector(field, 4)
    const result: number[] = []
    for (let i = 0; i < length; i++) result.push(this.bb.readInt32(start + 4 * i))
    return result
  }

  float32s(field: number): number[] {
    const { start, length } = this.vector(field, 4)
    const result: number[] = []
    for (let i = 0; i < length; i++) result.push(this.bb.readFloat32(start + 4 * i))
    return result
  }

  int64s(field: number): number[] {
    const { start, length } = this.vector(field, 8)
    const result: number[] = []
    for (let i = 0; i < length; i++) result.push(Number(this.bb.readInt64(start + 8 * i)))
    return result
  }

  /** A `[ubyte]` vector as a view of the file bytes. */
  bytes(field: number): Uint8Array {
    const { start, length } = this.vector(field, 1)
    return this.bb.bytes().subarray(start, start + length)
  }
}
