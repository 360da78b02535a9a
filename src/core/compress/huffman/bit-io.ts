/** Writes bits MSB-first into bytes (the first bit of the stream is bit 7 of byte 0). */
export class BitWriter {
  private bytes = new Uint8Array(64)
  private bitLength = 0

  write(value: number, bitCount: number): void {
    for (let b = bitCount - 1; b >= 0; b--) {
      const byte = this.bitLength >> 3
      if (byte >= this.bytes.length) {
        const grown = new Uint8Array(this.bytes.length * 2)
        grown.set(this.bytes)
        this.bytes = grown
      }
      if ((value >>> b) & 1) this.bytes[byte]! |= 0x80 >> (this.bitLength & 7)
      this.bitLength++
    }
  }

  /** The written bits, zero-padded to a whole byte. */
  finish(): Uint8Array {
    return this.bytes.slice(0, (this.bitLength + 7) >> 3)
  }
}

/** Reads bits MSB-first; reading past the end is an error, never a silent zero. */
export class BitReader {
  private position = 0

  constructor(
    private readonly bytes: Uint8Array,
    private readonly offset = 0,
  ) {}

  readBit(): number {
    const byte = this.offset + (this.position >> 3)
    if (byte >= this.bytes.length) throw new RangeError('the Huffman bit stream ended early')
    const bit = (this.bytes[byte]! >> (7 - (this.position & 7))) & 1
    this.position++
    return bit
  }
}
