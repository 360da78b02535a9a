import { parseDecimalBytes } from '../../../core/dataset/decimal-bytes'

/**
 * The data-forwarder stream transform: bytes in, one row of numbers per line out (DESIGN.md §5, §7.5).
 * A line is text up to `\n`; `\r` is ignored. Values are decimal numbers separated by commas, tabs or
 * spaces (runs of spaces and tabs are one separator; spaces around a comma are allowed; one trailing
 * separator is tolerated, as `Serial.print(x); Serial.print(',')` loops leave one). Lines are rejected —
 * counted and reported, never turned into data — when a field is not a strict decimal (`abc`, `nan`, `1e999`,
 * `0x1f`), when a field is empty (`1,,2`), when the value count differs from `expectedCount` (once set),
 * when the line holds no value, or when it is longer than `maxLineBytes` (binary noise without newlines).
 * The first line is dropped because the port was opened mid-line; the last one because it never ended
 * (`end()`): both are partial lines.
 *
 * Numbers are parsed on the bytes by core's `parseDecimalBytes` (the CSV importer's too): the strict decimal
 * syntax, equal to `Number(text)`.
 */
export type RejectReason = 'not-a-number' | 'value-count' | 'empty' | 'too-long'

export interface LineSink {
  /** A good line. `values` is reused for the next line: copy what you keep. */
  onValues(values: Float64Array, count: number): void
  onRejected(reason: RejectReason, text: string): void
}

export interface LineParserOptions {
  readonly maxLineBytes?: number
  /** Drop the first line (default true): the port may have been opened in the middle of it. */
  readonly dropFirstLine?: boolean
  /** Most values a line may hold. */
  readonly maxValues?: number
}

const NL = 10
const CR = 13

export class ForwarderLineParser {
  /** Lines with another value count are rejected once this is set (after axis detection). */
  expectedCount: number | undefined
  private carry = new Uint8Array(256)
  private carryLength = 0
  private overflowing = false
  private skipNext: boolean
  private readonly values: Float64Array
  private readonly maxLineBytes: number

  constructor(
    private readonly sink: LineSink,
    options: LineParserOptions = {},
  ) {
    this.maxLineBytes = options.maxLineBytes ?? 1024
    this.skipNext = options.dropFirstLine ?? true
    this.values = new Float64Array(options.maxValues ?? 64)
  }

  push(chunk: Uint8Array): void {
    let start = 0
    for (let nl = chunk.indexOf(NL); nl >= 0; nl = chunk.indexOf(NL, start)) {
      if (this.carryLength > 0 || this.overflowing) {
        this.append(chunk, start, nl)
        if (!this.overflowing) this.line(this.carry, 0, this.carryLength)
        else this.finishOverflow()
        this.carryLength = 0
        this.overflowing = false
      } else if (nl - start > this.maxLineBytes) this.tooLong(chunk, start, start + 80)
      else this.line(chunk, start, nl)
      start = nl + 1
    }
    this.append(chunk, start, chunk.length)
  }

  /** The stream ended: a line without its newline is partial and is dropped, not rejected. */
  end(): void {
    this.carryLength = 0
    this.overflowing = false
  }

  private append(chunk: Uint8Array, from: number, to: number): void {
    if (this.overflowing || to <= from) return
    let length = this.carryLength + (to - from)
    if (length > this.maxLineBytes) {
      // Keep the start of the line for the report; the rest is skipped up to the next newline.
      this.overflowing = true
      to = from + (this.maxLineBytes - this.carryLength)
      length = this.maxLineBytes
    }
    if (length > this.carry.length) {
      const bigger = new Uint8Array(Math.max(length, this.carry.length * 2))
      bigger.set(this.carry.subarray(0, this.carryLength))
      this.carry = bigger
    }
    this.carry.set(chunk.subarray(from, to), this.carryLength)
    this.carryLength = length
  }

  private finishOverflow(): void {
    this.tooLong(this.carry, 0, Math.min(80, this.carryLength))
  }

  private tooLong(buf: Uint8Array, from: number, to: number): void {
    if (this.skipNext) this.skipNext = false
    else this.reject('too-long', buf, from, to)
  }

  private line(buf: Uint8Array, from: number, to: number): void {
    if (this.skipNext) {
      this.skipNext = false
      return
    }
    const count = this.parseFields(buf, from, to)
    if (count < 0) return
    if (count === 0) this.reject('empty', buf, from, to)
    else if (this.expectedCount !== undefined && count !== this.expectedCount)
      this.reject('value-count', buf, from, to)
    else this.sink.onValues(this.values, count)
  }

  /** The number of values, or −1 after rejecting the line. */
  private parseFields(buf: Uint8Array, from: number, to: number): number {
    let i = from
    let count = 0
    for (;;) {
      while (i < to && isBlank(buf[i]!)) i++
      if (i >= to) return count
      if (count === this.values.length) return this.rejectAt('value-count', buf, from, to)
      const end = this.parseNumber(buf, i, to, count)
      if (end < 0) return this.rejectAt('not-a-number', buf, from, to)
      count++
      i = end
      while (i < to && isBlank(buf[i]!)) i++
      if (i >= to) return count
      if (buf[i] === 44) {
        i++
        while (i < to && isBlank(buf[i]!)) i++
        if (i < to && buf[i] === 44) return this.rejectAt('empty', buf, from, to)
      } else if (!isBlank(buf[i - 1]!)) return this.rejectAt('not-a-number', buf, from, to)
    }
  }

  /** Parses one strict decimal at `i` into `values[slot]`; returns the index after it or −1. */
  private parseNumber(buf: Uint8Array, i: number, to: number, slot: number): number {
    let end = i
    while (end < to && !isSeparator(buf[end]!)) end++
    const value = parseDecimalBytes(buf, i, end)
    if (value === undefined) return -1
    this.values[slot] = value
    return end
  }

  private rejectAt(reason: RejectReason, buf: Uint8Array, from: number, to: number): number {
    this.reject(reason, buf, from, to)
    return -1
  }

  private reject(reason: RejectReason, buf: Uint8Array, from: number, to: number): void {
    const end = Math.min(to, from + 80)
    let text = ''
    for (let k = from; k < end; k++) {
      const c = buf[k]!
      if (c !== CR) text += c >= 32 && c < 127 ? String.fromCharCode(c) : '\ufffd'
    }
    this.sink.onRejected(reason, text)
  }
}

/** Space, tab and carriage return: blanks between and around values. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === CR
}

function isSeparator(c: number): boolean {
  return c === 44 || isBlank(c)
}
