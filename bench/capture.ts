/**
 * Capture benchmark: `npm run bench capture`. How many data-forwarder lines a second the byte-level parser
 * reads (6 axes of mixed decimals, fed in 4 KiB chunks as a serial port delivers them), against a naive
 * parser in the same run that decodes text, splits lines and fields with regular expressions and calls
 * Number — the obvious first version. Then the Mote protocol's frame decoder (COBS + CRC-16) in frames a
 * second. A 1 kHz × 6-axis board sends 1 000 lines a second: the margin is the ratio to that.
 */
import { ForwarderLineParser } from '../src/main/services/capture/forwarder-line-parser'
import { FrameDecoder, encodeFrame } from '../src/main/services/capture/mote-protocol/frames'
import { MessageType } from '../src/main/services/capture/mote-protocol/messages'

const LINES = 300_000
const CHUNK = 4096

function makeStream(): Uint8Array {
  let s = 0
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32
  const parts: string[] = ['boot\n']
  for (let k = 0; k < LINES; k++) {
    const values = Array.from({ length: 6 }, (_, a) => ((rand() - 0.5) * 40).toFixed(a < 3 ? 3 : 1))
    parts.push(values.join(k % 3 === 0 ? ',' : k % 3 === 1 ? '\t' : ' ') + '\r\n')
  }
  return new TextEncoder().encode(parts.join(''))
}

function chunks(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let i = 0; i < bytes.length; i += CHUNK) out.push(bytes.subarray(i, i + CHUNK))
  return out
}

function ours(input: Uint8Array[]): number {
  let n = 0
  let sum = 0
  const parser = new ForwarderLineParser({
    onValues: (values, count) => {
      n++
      for (let i = 0; i < count; i++) sum += values[i]!
    },
    onRejected: () => undefined,
  })
  for (const c of input) parser.push(c)
  return n + (sum > Infinity ? 1 : 0)
}

/** The baseline: decode, split on newlines, split fields, Number() each, check with a regular expression. */
function naive(input: Uint8Array[]): number {
  const decoder = new TextDecoder()
  const number = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
  let carry = ''
  let n = 0
  let sum = 0
  let first = true
  for (const c of input) {
    const lines = (carry + decoder.decode(c, { stream: true })).split('\n')
    carry = lines.pop()!
    for (const line of lines) {
      if (first) {
        first = false
        continue
      }
      const fields = line.trim().split(/\s*,\s*|[ \t]+/)
      if (!fields.every((f) => number.test(f))) continue
      n++
      for (const f of fields) sum += Number(f)
    }
  }
  return n + (sum > Infinity ? 1 : 0)
}

function best(label: string, run: () => number): number {
  let fastest = Infinity
  let lines = 0
  for (let i = 0; i < 4; i++) {
    const start = performance.now()
    lines = run()
    fastest = Math.min(fastest, performance.now() - start)
  }
  const perSecond = (lines / fastest) * 1000
  console.log(`${label.padEnd(60)} ${(perSecond / 1e6).toFixed(2).padStart(8)} M lines/s  (${lines} lines)`)
  return perSecond
}

const input = chunks(makeStream())
const fast = best('data forwarder, byte-level parser (ours)', () => ours(input))
const slow = best('baseline: TextDecoder + split + regex + Number', () => naive(input))
console.log(`${'ours / baseline'.padEnd(60)} ${(fast / slow).toFixed(1).padStart(8)} ×`)
console.log(
  `${'ours / a 1 kHz board (1 000 lines/s)'.padEnd(60)} ${(fast / 1000).toFixed(0).padStart(8)} ×\n`,
)

const frame = encodeFrame(
  MessageType.Samples,
  Uint8Array.from({ length: 245 }, (_, i) => (i * 7) % 256),
)
const FRAMES = 50_000
const wire = new Uint8Array(frame.length * FRAMES)
for (let i = 0; i < FRAMES; i++) wire.set(frame, i * frame.length)
const frameChunks = [Uint8Array.of(0), ...chunks(wire)]
const start = performance.now()
let decoded = 0
for (let r = 0; r < 3; r++) {
  const decoder = new FrameDecoder({ onFrame: () => decoded++, onFault: () => undefined })
  for (const c of frameChunks) decoder.push(c)
}
const framesPerSecond = (decoded / (performance.now() - start)) * 1000
console.log(
  `${'Mote frames (245-byte payload: 20 samples × 6 channels)'.padEnd(60)} ${(framesPerSecond / 1e3).toFixed(0).padStart(8)} k frames/s`,
)
console.log(
  `${'  = samples of 6 channels per second'.padEnd(60)} ${((framesPerSecond * 20) / 1e6).toFixed(2).padStart(8)} M/s`,
)
