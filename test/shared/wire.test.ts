import { describe, expect, it } from 'vitest'
import { base64ToBytes, bytesToBase64, decodeWire, encodeWire } from '../../src/shared/rpc/wire'

describe('the WebSocket wire codec', () => {
  it('round-trips every typed array kind with its exact values', () => {
    const value = {
      u8: new Uint8Array([0, 1, 255]),
      i8: new Int8Array([-128, 0, 127]),
      i16: new Int16Array([-32768, 32767]),
      u16: new Uint16Array([65535]),
      i32: new Int32Array([-2147483648, 2147483647]),
      u32: new Uint32Array([4294967295]),
      f32: new Float32Array([Math.PI, -0, Number.POSITIVE_INFINITY]),
      f64: new Float64Array([Number.MIN_VALUE, Number.NaN]),
      nested: [{ deep: new Uint8Array(5).fill(7) }],
    }
    const back = decodeWire(encodeWire(value)) as typeof value
    for (const key of ['u8', 'i8', 'i16', 'u16', 'i32', 'u32', 'f32', 'f64'] as const) {
      expect(back[key].constructor).toBe(value[key].constructor)
      expect(Array.from(back[key] as ArrayLike<number>)).toEqual(Array.from(value[key] as ArrayLike<number>))
    }
    expect(Array.from(back.nested[0]!.deep)).toEqual([7, 7, 7, 7, 7])
  })

  it('encodes only the viewed part of a typed array that shares a larger buffer', () => {
    const big = new Float32Array([1, 2, 3, 4, 5])
    const view = big.subarray(1, 3)
    expect(Array.from(decodeWire(encodeWire(view)) as Float32Array)).toEqual([2, 3])
  })

  it('keeps user objects that look like encoded arrays as plain objects', () => {
    const tricky = { $typed: 'Uint8Array', b64: 'AAEC', $$x: 1 }
    expect(decodeWire(encodeWire(tricky))).toEqual(tricky)
  })

  it('agrees with Node on base64 for every length modulo three', () => {
    for (let n = 0; n < 50; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + n) & 255)
      const text = bytesToBase64(bytes)
      expect(text).toBe(Buffer.from(bytes).toString('base64'))
      expect(Array.from(base64ToBytes(text))).toEqual(Array.from(bytes))
    }
  })

  it('rejects malformed base64 instead of decoding garbage', () => {
    expect(() => base64ToBytes('abc')).toThrow(/multiple of 4/)
    expect(() => base64ToBytes('ab!=')).toThrow(/invalid base64/)
  })
})
