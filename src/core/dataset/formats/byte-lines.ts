import { importFailure } from '../errors'

/**
 * The lines of a text that arrives in chunks of bytes (a file read block by block), as byte ranges: each
 * complete line is handed on with its 1-based number, without its `\n` or `\r\n`, a UTF-8 byte order mark
 * at the start of the text dropped. A line is `bytes[from, to)`; `bytes` is the chunk itself when the line
 * lies inside it, else an internal buffer reused for the next line — copy what you keep. Memory holds one
 * chunk and one unfinished line, which may not grow beyond `maxLineBytes` (a file without line ends is not
 * text Mote reads). Bytes are not decoded here: 0x0A never occurs inside a multi-byte UTF-8 sequence.
 */
export type LineSink = (line: number, bytes: Uint8Array, from: number, to: number) => void

export class ByteLines {
  private carry = new Uint8Array(4096)
  private carryLength = 0
  private lineNumber = 0

  constructor(
    private readonly file: string,
    private readonly onLine: LineSink,
    private readonly maxLineBytes = 1 << 20,
  ) {}

  push(chunk: Uint8Array): void {
    let start = 0
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      if (this.carryLength > 0) {
        this.keep(chunk, start, nl)
        this.emit(this.carry, 0, this.carryLength)
        this.carryLength = 0
      } else {
        this.refuseLonger(nl - start)
        this.emit(chunk, start, nl)
      }
      start = nl + 1
    }
    this.keep(chunk, start, chunk.length)
  }

  /** The text ended: a last line without its newline is still a line. */
  end(): void {
    if (this.carryLength > 0) this.emit(this.carry, 0, this.carryLength)
    this.carryLength = 0
  }

  private keep(chunk: Uint8Array, from: number, to: number): void {
    const length = this.carryLength + (to - from)
    this.refuseLonger(length)
    if (length > this.carry.length) {
      const bigger = new Uint8Array(Math.max(length, this.carry.length * 2))
      bigger.set(this.carry.subarray(0, this.carryLength))
      this.carry = bigger
    }
    this.carry.set(chunk.subarray(from, to), this.carryLength)
    this.carryLength = length
  }

  private refuseLonger(length: number): void {
    if (length > this.maxLineBytes)
      throw importFailure(
        this.file,
        `line ${this.lineNumber + 1}`,
        `the line runs on for more than ${this.maxLineBytes} bytes without ending; this is not a text of lines`,
      )
  }

  private emit(bytes: Uint8Array, from: number, to: number): void {
    this.lineNumber++
    let start = from
    if (this.lineNumber === 1 && bytes[from] === 0xef && bytes[from + 1] === 0xbb && bytes[from + 2] === 0xbf)
      start += 3
    const end = to > start && bytes[to - 1] === 0x0d ? to - 1 : to
    this.onLine(this.lineNumber, bytes, start, end)
  }
}
