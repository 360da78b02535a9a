import { describe, expect, it } from 'vitest'
import { createRng } from '../../src/core/train/random'
import { PartSender } from '../../src/shared/rpc/part-sender'
import { decodeWire, encodeWire, type EncodedMessage } from '../../src/shared/rpc/wire'
import {
  MAX_OPEN_STREAMS,
  PART_HEADER_BYTES,
  PartAssembler,
  PartProtocolError,
  copiedParts,
  partsOf,
  viewedParts,
  type PartSource,
  type Assembled,
} from '../../src/shared/rpc/wire-parts'

function part(stream: number, total: number, offset: number, payload: number): Uint8Array {
  const out = new Uint8Array(PART_HEADER_BYTES + payload)
  const view = new DataView(out.buffer)
  view.setUint32(0, stream, true)
  view.setUint32(4, total, true)
  view.setUint32(8, offset, true)
  return out
}

describe('message parts', () => {
  it('reassembles a message cut at awkward sizes, whatever the size of its pieces', () => {
    const rng = createRng(10)
    const value = {
      a: new Uint8Array(1001).map(() => rng.int(0, 255)),
      b: new Float64Array(333).map(() => rng.normal()),
      c: 'x'.repeat(517),
    }
    for (const payloadBytes of [1, 3, 7, 64, 1000, 4096, 100_000]) {
      const assembler = new PartAssembler()
      let done: Assembled | undefined
      for (const p of partsOf(9, encodeWire(value), payloadBytes)) {
        expect(done).toBeUndefined()
        done = assembler.push(p)
      }
      expect(done?.kind).toBe('message')
      expect(done?.kind === 'message' && decodeWire(done.source)).toEqual(value)
    }
  })

  it('gives the same bytes whether a part is copied or made of views of the message, which it does not copy', () => {
    const rng = createRng(11)
    const blob = new Float32Array(5000).map(() => rng.normal())
    const message = encodeWire({ a: blob, empty: new Uint8Array(0), b: new Uint8Array(777) })
    const joined = (source: PartSource) => {
      const parts: string[] = []
      while (source.remaining > 0) parts.push(Buffer.concat(source.next()).toString('hex'))
      return parts
    }
    for (const payloadBytes of [100, 1000, 4096, 1 << 20]) {
      expect(joined(viewedParts(4, message, payloadBytes))).toEqual(
        joined(copiedParts(4, message, payloadBytes)),
      )
      const source = viewedParts(4, message, payloadBytes)
      const views: Uint8Array[] = []
      while (source.remaining > 0) views.push(...source.next().slice(1))
      expect(views.filter((view) => view.buffer === blob.buffer).length).toBeGreaterThan(0)
    }
  })

  it('keeps interleaved messages apart', () => {
    const assembler = new PartAssembler()
    const one = [...partsOf(1, encodeWire({ n: 1, pad: 'a'.repeat(50) }), 16)]
    const two = [...partsOf(2, encodeWire({ n: 2, pad: 'b'.repeat(70) }), 16)]
    const results: unknown[] = []
    for (let i = 0; i < Math.max(one.length, two.length); i++) {
      for (const p of [one[i], two[i]]) {
        const got = p && assembler.push(p)
        if (got?.kind === 'message') results.push(decodeWire(got.source))
      }
    }
    expect(results).toEqual([
      { n: 1, pad: 'a'.repeat(50) },
      { n: 2, pad: 'b'.repeat(70) },
    ])
  })

  it('refuses a message over the limit at its first part, drops the rest, and takes the next', () => {
    const assembler = new PartAssembler(100)
    expect(assembler.push(part(5, 250, 0, 100))).toEqual({ kind: 'refused', stream: 5, total: 250 })
    expect(assembler.push(part(5, 250, 100, 100))).toBeUndefined()
    expect(assembler.push(part(5, 250, 200, 50))).toBeUndefined()
    const [only] = [...partsOf(6, encodeWire('ok'))]
    expect(assembler.push(only!)?.kind).toBe('message')
  })

  it('counts what is pending across streams against the limit', () => {
    const assembler = new PartAssembler(100)
    expect(assembler.push(part(1, 60, 0, 10))).toBeUndefined()
    expect(assembler.push(part(2, 60, 0, 10))?.kind).toBe('refused')
  })

  const broken: readonly [string, (a: PartAssembler) => void][] = [
    ['a part no longer than its header', (a) => a.push(part(1, 10, 0, 0))],
    ['a message declared shorter than its own length field', (a) => a.push(part(1, 3, 0, 3))],
    ['a part past the declared end', (a) => a.push(part(1, 10, 0, 11))],
    ['a first part that does not start at 0', (a) => a.push(part(1, 10, 4, 2))],
    ['a stream that starts twice', (a) => (a.push(part(1, 10, 0, 2)), a.push(part(1, 10, 0, 2)))],
    ['a gap between parts', (a) => (a.push(part(1, 10, 0, 2)), a.push(part(1, 10, 3, 2)))],
    ['a total that changes', (a) => (a.push(part(1, 10, 0, 2)), a.push(part(1, 11, 2, 2)))],
    [
      `more than ${MAX_OPEN_STREAMS} incomplete messages`,
      (a) => {
        for (let s = 0; s <= MAX_OPEN_STREAMS; s++) a.push(part(s, 10, 0, 1))
      },
    ],
  ]
  for (const [name, act] of broken) {
    it(`throws a protocol error for ${name}`, () => {
      expect(() => act(new PartAssembler())).toThrow(PartProtocolError)
    })
  }
})

describe('the part sender', () => {
  const message = (bytes: number): EncodedMessage => ({ pieces: [new Uint8Array(bytes)], bytes })
  const streamOf = (pieces: readonly Uint8Array[]) => new DataView(pieces[0]!.buffer).getUint32(0, true)

  it('sends the parts of queued messages in turn, so a small one overtakes a large one', async () => {
    const sent: number[] = []
    let release = (): void => undefined
    const sender = new PartSender((p) => {
      sent.push(streamOf(p))
      return new Promise<void>((resolve) => (release = resolve))
    })
    sender.send(1, message(10 * 256 * 1024))
    sender.send(2, message(100))
    for (let i = 0; i < 4; i++) {
      release()
      await new Promise((r) => setTimeout(r, 0))
    }
    expect(sent.slice(0, 3)).toEqual([1, 2, 1])
  })

  it('tells when a message has been handed over in full, and drops everything once closed', async () => {
    const sent: number[] = []
    const sender = new PartSender((p) => void sent.push(streamOf(p)))
    let handed = false
    sender.send(3, message(600 * 1024), () => (handed = true))
    await new Promise((r) => setTimeout(r, 0))
    expect(handed).toBe(true)
    expect(sent).toEqual([3, 3, 3])
    sender.close()
    sender.send(4, message(10))
    expect(sender.queuedBytes).toBe(0)
  })

  it('lets at most its bulk limit of large messages take turns, the rest in order after them, small ones past all', async () => {
    const sent: number[] = []
    const sender = new PartSender((p) => void sent.push(streamOf(p)), { maxBulk: 2 })
    const large = (stream: number) => sender.sendBulk(stream, message(3 * 256 * 1024))
    ;[1, 2, 3, 4].forEach(large)
    sender.send(9, message(100))
    expect(sender.queuedBytes).toBe(4 * 3 * 256 * 1024 + 100 - 256 * 1024)
    await new Promise((r) => setTimeout(r, 0))
    expect(sent).toEqual([1, 2, 9, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4])
  })
})

describe('the size a part header can count', () => {
  it('refuses to cut a message of 4 GiB or more rather than wrap its length', () => {
    expect(() => partsOf(1, { pieces: [], bytes: 2 ** 32 })).toThrow(/4 GiB/)
  })
})
