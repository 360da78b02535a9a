/**
 * A small bounds-checked view of one flatbuffer table, over the `flatbuffers` runtime's `ByteBuffer`.
 * The runtime itself does no verification (a read past the end returns `undefined` bytes, which arithmetic
 * turns into zeros), so this class checks every position against the file before the runtime reads it,
 * as flatbuffers' own C++ verifier does, and a corrupt file fails with `CodegenErrorCode.TfliteCorrupt` instead of
 * producing a silently wrong model:
 * - the table's vtable and the table's inline part (its size from the vtable) lie inside the file;
 * - a field lies inside its table's inline part (offset ≥ 4, offset + field size ≤ the inline size);
 * - a vector's (or string's) length word and its elements lie inside the file.
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

/** The first table field sits after the 4-byte offset to the vtable. */
const FIRST_FIELD = 4

export class TableReader {
  private readonly size: number
  private readonly vtable: number
  private readonly vtableBytes: number
  /** Bytes of the table's inline part, from the vtable: every field must lie inside it. */
  private readonly inlineBytes: number

  constructor(
    readonly bb: ByteBuffer,
    readonly pos: number,
  ) {
    this.size = bb.capacity()
    this.check(pos, 4, 'table')
    this.vtable = pos - bb.readInt32(pos)
    this.check(this.vtable, 4, `vtable of the table at ${pos}`)
    this.vtableBytes = bb.readUint16(this.vtable)
    this.inlineBytes = bb.readUint16(this.vtable + 2)
    if (this.vtableBytes < 4 || this.vtableBytes % 2 !== 0)
      throw corrupt(`vtable of the table at ${pos} has a size of ${this.vtableBytes} bytes`)
    this.check(this.vtable, this.vtableBytes, `vtable of the table at ${pos}`)
    if (this.inlineBytes < FIRST_FIELD) throw corrupt(`table at ${pos} is ${this.inlineBytes} bytes long`)
    this.check(pos, this.inlineBytes, `table at ${pos}`)
  }

  has(field: number): boolean {
    return this.offset(field) !== 0
  }

  int8(field: number, fallback = 0): number {
    const at = this.field(field, 1)
    return at === undefined ? fallback : this.bb.readInt8(at)
  }

  uint8(field: number, fallback = 0): number {
    const at = this.field(field, 1)
    return at === undefined ? fallback : this.bb.readUint8(at)
  }

  int32(field: number, fallback = 0): number {
    const at = this.field(field, 4)
    return at === undefined ? fallback : this.bb.readInt32(at)
  }

  uint32(field: number, fallback = 0): number {
    const at = this.field(field, 4)
    return at === undefined ? fallback : this.bb.readUint32(at)
  }

  float32(field: number, fallback = 0): number {
    const at = this.field(field, 4)
    return at === undefined ? fallback : this.bb.readFloat32(at)
  }

  /** A `ulong` field as a number (exact below 2^53, which any file we can load satisfies). */
  uint64(field: number, fallback = 0): number {
    const at = this.field(field, 8)
    return at === undefined ? fallback : Number(this.bb.readUint64(at))
  }

  table(field: number): TableReader | undefined {
    const at = this.field(field, 4)
    return at === undefined ? undefined : new TableReader(this.bb, this.bb.__indirect(at))
  }

  string(field: number): string | undefined {
    const at = this.field(field, 4)
    if (at === undefined) return undefined
    this.vector(field, 1)
    return this.bb.__string(at) as string
  }

  /** Start and length of a vector field of `elementBytes`-sized elements, checked against the file size. */
  vector(field: number, elementBytes: number): { start: number; length: number } {
    const at = this.field(field, 4)
    if (at === undefined) return { start: 0, length: 0 }
    const header = this.bb.__indirect(at)
    this.check(header, 4, `length of vector field ${field} of the table at ${this.pos}`)
    const length = this.bb.readInt32(header)
    const start = header + 4
    if (length < 0 || start + length * elementBytes > this.size) {
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

  /** Offset of field `field` inside the table, 0 when absent (past the end of a shorter vtable too). */
  private offset(field: number): number {
    const at = slot(field)
    return at + 2 <= this.vtableBytes ? this.bb.readUint16(this.vtable + at) : 0
  }

  /** Position of a `width`-byte field, undefined when absent; a field outside its table is corruption. */
  private field(field: number, width: number): number | undefined {
    const offset = this.offset(field)
    if (offset === 0) return undefined
    if (offset < FIRST_FIELD || offset + width > this.inlineBytes)
      throw corrupt(`field ${field} of the table at ${this.pos} lies outside the table`)
    return this.pos + offset
  }

  private check(position: number, bytes: number, what: string): void {
    if (!(Number.isInteger(position) && position >= 0 && position + bytes <= this.size))
      throw corrupt(`${what} (at ${position}, ${bytes} bytes) lies outside the ${this.size}-byte file`)
  }
}
