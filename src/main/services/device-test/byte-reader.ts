/**
 * Reads little-endian fields in order from a message payload; a read past the end sets `short` (and returns
 * 0 or empty) instead of throwing, so a parser reads every field and then rejects the message once.
 */
export class ByteReader {
  private at = 0
  short = false
  private readonly view: DataView

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  private take(n: number): number {
    if (this.short || this.at + n > this.bytes.length) {
      this.short = true
      return -1
    }
    this.at += n
    return this.at - n
  }

  u8(): number {
    const i = this.take(1)
    return i < 0 ? 0 : this.bytes[i]!
  }
  u16(): number {
    const i = this.take(2)
    return i < 0 ? 0 : this.view.getUint16(i, true)
  }
  u32(): number {
    const i = this.take(4)
    return i < 0 ? 0 : this.view.getUint32(i, true)
  }
  i32(): number {
    const i = this.take(4)
    return i < 0 ? 0 : this.view.getInt32(i, true)
  }
  f32(): number {
    const i = this.take(4)
    return i < 0 ? 0 : this.view.getFloat32(i, true)
  }
  bytesOf(n: number): Uint8Array {
    const i = this.take(n)
    return i < 0 ? new Uint8Array(0) : this.bytes.slice(i, i + n)
  }
  /** One length byte (0–63), then that many bytes of UTF-8. */
  str(): string {
    const n = this.u8()
    if (n > 63) this.short = true
    return new TextDecoder().decode(this.bytesOf(n))
  }
  rest(): Uint8Array {
    return this.bytes.slice(Math.min(this.at, this.bytes.length))
  }
  get done(): boolean {
    return !this.short && this.at === this.bytes.length
  }
}

/** Builds a payload field by field (little endian), for the host's requests and for scripted boards in tests. */
export class ByteWriter {
  private readonly parts: number[] = []

  u8(v: number): this {
    this.parts.push(v & 0xff)
    return this
  }
  u16(v: number): this {
    this.parts.push(v & 0xff, (v >>> 8) & 0xff)
    return this
  }
  u32(v: number): this {
    for (let i = 0; i < 4; i++) this.parts.push((v >>> (8 * i)) & 0xff)
    return this
  }
  f32(v: number): this {
    this.parts.push(...new Uint8Array(Float32Array.of(v).buffer))
    return this
  }
  bytes(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.parts.push(b[i]!)
    return this
  }
  str(s: string): this {
    const b = new TextEncoder().encode(s).subarray(0, 63)
    return this.u8(b.length).bytes(b)
  }
  build(): Uint8Array {
    return Uint8Array.from(this.parts)
  }
}
