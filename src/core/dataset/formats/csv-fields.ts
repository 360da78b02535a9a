import { parseDecimalBytes } from '../decimal-bytes'
import { parseDecimal } from '../float-text'
import { splitFields } from './csv-text'
import { decodeUtf8 } from '../../util/text-codecs'

/**
 * The fields of one CSV row. A line of plain ASCII without quotes — nearly every row of sample data — is
 * split and its numbers parsed on the bytes, without making a string per field; any other line is decoded
 * and split by `splitFields`. Both give the same fields and values (spaces around fields dropped, numbers
 * by `parseDecimal`'s rules). One instance is reused for every row of a file.
 */
export class CsvFields {
  count = 0
  private bytes: Uint8Array = new Uint8Array(0)
  private starts = new Int32Array(16)
  private ends = new Int32Array(16)
  private strings: string[] | undefined

  read(bytes: Uint8Array, from: number, to: number): void {
    this.bytes = bytes
    if (needsText(bytes, from, to)) {
      this.strings = splitFields(decodeUtf8(bytes.subarray(from, to)))
      this.count = this.strings.length
      return
    }
    this.strings = undefined
    let n = 0
    let start = from
    for (let i = from; i <= to; i++) {
      if (i < to && bytes[i] !== 44) continue
      if (n === this.starts.length) this.grow()
      let s = start
      let e = i
      while (s < e && isSpace(bytes[s]!)) s++
      while (e > s && isSpace(bytes[e - 1]!)) e--
      this.starts[n] = s
      this.ends[n] = e
      n++
      start = i + 1
    }
    this.count = n
  }

  /** Field `i` as a strict decimal, or `undefined`. */
  number(i: number): number | undefined {
    return this.strings
      ? parseDecimal(this.strings[i]!)
      : parseDecimalBytes(this.bytes, this.starts[i]!, this.ends[i]!)
  }

  text(i: number): string {
    return this.strings ? this.strings[i]! : decodeUtf8(this.bytes.subarray(this.starts[i]!, this.ends[i]!))
  }

  /** True when field `i` is exactly `text` (no string is made on the byte path). */
  is(i: number, text: string): boolean {
    if (this.strings) return this.strings[i] === text
    const s = this.starts[i]!
    if (this.ends[i]! - s !== text.length) return false
    for (let k = 0; k < text.length; k++) if (this.bytes[s + k] !== text.charCodeAt(k)) return false
    return true
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2)
    const ends = new Int32Array(this.ends.length * 2)
    starts.set(this.starts)
    ends.set(this.ends)
    this.starts = starts
    this.ends = ends
  }
}

/** Quotes or bytes beyond ASCII: the line goes the text way. */
function needsText(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = bytes[i]!
    if (b === 34 || b >= 0x80) return true
  }
  return false
}

/** The characters String.prototype.trim drops that ASCII has: tab, line feed, VT, FF, CR, space. */
function isSpace(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13)
}
