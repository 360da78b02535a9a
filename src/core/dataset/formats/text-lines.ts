import { importFailure } from '../errors'
import { decodeUtf8 } from '../../util/text-codecs'

/**
 * The lines of a UTF-8 text that arrives in chunks of bytes (a file read block by block): each complete line
 * is handed on with its 1-based number, without its `\n` or `\r\n`, a byte order mark at the start dropped.
 * Chunks are cut at their last newline byte (0x0A never occurs inside a multi-byte UTF-8 sequence) and the
 * part before it decoded at once, so memory holds one chunk and one unfinished line — which may not grow
 * beyond `maxLineBytes` (a file without line ends is not text Mote reads).
 */
export class TextLines {
  private carry: Uint8Array = new Uint8Array(0)
  private lineNumber = 0
  private started = false

  constructor(
    private readonly file: string,
    private readonly onLine: (line: number, text: string) => void,
    private readonly maxLineBytes = 1 << 20,
  ) {}

  push(chunk: Uint8Array): void {
    const last = chunk.lastIndexOf(0x0a)
    if (last < 0) {
      this.keep(chunk)
      return
    }
    const head =
      this.carry.length === 0 ? chunk.subarray(0, last) : concat(this.carry, chunk.subarray(0, last))
    this.carry = new Uint8Array(0)
    this.emit(decodeUtf8(head))
    this.keep(chunk.subarray(last + 1))
  }

  /** The text ended: a last line without its newline is still a line. */
  end(): void {
    if (this.carry.length > 0) this.emit(decodeUtf8(this.carry))
    this.carry = new Uint8Array(0)
  }

  private keep(bytes: Uint8Array): void {
    if (this.carry.length + bytes.length > this.maxLineBytes)
      throw importFailure(
        this.file,
        `line ${this.lineNumber + 1}`,
        `the line runs on for more than ${this.maxLineBytes} bytes without ending; this is not a text of lines`,
      )
    this.carry = concat(this.carry, bytes)
  }

  private emit(text: string): void {
    let body = text
    if (!this.started) {
      this.started = true
      if (body.charCodeAt(0) === 0xfeff) body = body.slice(1)
    }
    let from = 0
    for (;;) {
      const nl = body.indexOf('\n', from)
      const raw = nl < 0 ? body.slice(from) : body.slice(from, nl)
      this.onLine(++this.lineNumber, raw.endsWith('\r') ? raw.slice(0, -1) : raw)
      if (nl < 0) return
      from = nl + 1
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
