import { describe, expect, it } from 'vitest'
import { decodeWire, encodeWire, joinPieces, sourceOf } from '../../src/shared/rpc/wire'

const roundTrip = (value: unknown) => decodeWire(sourceOf(joinPieces(encodeWire(value))))

describe('the WebSocket wire codec', () => {
  it('round-trips every typed array kind with its exact values', () => {
    const value = {
      u8: new Uint8Array([0, 1, 255]),
      i8: new Int8Array([-128, 0, 127]),
      i16: new Int16Array([-32768, 32767]),
      u16: new Uint16Array([65535]),
      i32: new Int32Array([-2147483648, 2147483647]),
      u32: new Uint32Array([4294967295]),
      f32: new Float32Array([Math.PI, -0, Number.POSITIVE_INFINITY, Number.NaN]),
      f64: new Float64Array([Number.MIN_VALUE, Number.NaN]),
      empty: new Float32Array(0),
      nested: [{ deep: new Uint8Array(5).fill(7) }],
    }
    const back = roundTrip(value) as typeof value
    for (const key of ['u8', 'i8', 'i16', 'u16', 'i32', 'u32', 'f32', 'f64', 'empty'] as const) {
      expect(back[key].constructor).toBe(value[key].constructor)
      expect(new Uint8Array(back[key].buffer)).toEqual(
        new Uint8Array(value[key].buffer, value[key].byteOffset, value[key].byteLength),
      )
    }
    expect(Array.from(back.nested[0]!.deep)).toEqual([7, 7, 7, 7, 7])
  })

  it('gives every typed array a buffer of its own, holding only its values', () => {
    const big = new Float32Array([1, 2, 3, 4, 5])
    const back = roundTrip({ a: big.subarray(1, 3), b: new Uint8Array([9]) }) as {
      a: Float32Array
      b: Uint8Array
    }
    expect(Array.from(back.a)).toEqual([2, 3])
    expect(back.a.buffer.byteLength).toBe(8)
    expect(back.b.buffer).not.toBe(back.a.buffer)
  })

  it('sends typed arrays as raw bytes, not text, so a 14 MB sample costs 14 MB', () => {
    const encoded = encodeWire({ values: new Float32Array(3_600_000) })
    expect(encoded.bytes).toBeLessThan(3_600_000 * 4 + 100)
  })

  it('keeps numbers JSON cannot write and undefined in lists, as IPC delivers them', () => {
    const back = roundTrip({
      n: [Number.NaN, Infinity, -Infinity, -0, 0, 1.5],
      list: [1, undefined, 3],
      gone: undefined,
    })
    expect(back).toEqual({ n: [Number.NaN, Infinity, -Infinity, -0, 0, 1.5], list: [1, undefined, 3] })
    expect(Object.is((back as { n: number[] }).n[3], -0)).toBe(true)
  })

  it('keeps user objects whose keys look like markers as plain objects', () => {
    const tricky = {
      $typed: 'Uint8Array',
      at: 0,
      bytes: 4,
      $num: 'NaN',
      $undef: 1,
      $$x: 1,
      nested: [{ $y: 'z' }],
    }
    expect(roundTrip(tricky)).toEqual(tricky)
  })

  it('keeps text in every script intact', () => {
    const value = { label: 'ça va — 你好 — 🙂', nul: 'a\u0000b' }
    expect(roundTrip(value)).toEqual(value)
  })

  it('refuses DataView, which structured clone would carry but our contracts never use', () => {
    expect(() => encodeWire({ view: new DataView(new ArrayBuffer(4)) })).toThrow(/DataView/)
  })
})

describe('decoding a malformed message', () => {
  const message = (header: string | Uint8Array, blobs = new Uint8Array(0)) => {
    const head = typeof header === 'string' ? new TextEncoder().encode(header) : header
    const out = new Uint8Array(4 + head.length + blobs.length)
    new DataView(out.buffer).setUint32(0, head.length, true)
    out.set(head, 4)
    out.set(blobs, 4 + head.length)
    return sourceOf(out)
  }
  const cases: readonly [string, ReturnType<typeof message>, RegExp][] = [
    ['shorter than its header length', sourceOf(new Uint8Array(3)), /shorter/],
    [
      'a header longer than the message',
      sourceOf(new Uint8Array([255, 0, 0, 0, 1])),
      /longer than the message/,
    ],
    [
      'invalid UTF-8',
      message(new Uint8Array([0x22, 0xc3, 0x28, 0x22])),
      /encoded data was not valid|invalid/i,
    ],
    ['not JSON', message('{nope'), /JSON|Unexpected|Expected/],
    [
      'an unknown typed array kind',
      message('{"$typed":"BigInt64Array","at":0,"bytes":8}', new Uint8Array(8)),
      /unknown typed/,
    ],
    [
      'a typed array past the end',
      message('{"$typed":"Uint8Array","at":4,"bytes":8}', new Uint8Array(8)),
      /past the end/,
    ],
    [
      'a negative place',
      message('{"$typed":"Uint8Array","at":-1,"bytes":1}', new Uint8Array(8)),
      /no valid place/,
    ],
    [
      'a fractional element',
      message('{"$typed":"Float32Array","at":0,"bytes":6}', new Uint8Array(8)),
      /whole number/,
    ],
    ['an unknown number marker', message('{"$num":"1e999"}'), /number marker/],
    ['an unknown marker', message('{"$proto":1}'), /unknown marker/],
    ['nesting 100 levels deep', message('['.repeat(100) + ']'.repeat(100)), /deeper/],
  ]
  for (const [name, source, error] of cases) {
    it(`throws a plain error for ${name}`, () => {
      expect(() => decodeWire(source)).toThrow(error)
    })
  }
})
