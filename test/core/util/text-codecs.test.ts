import { describe, expect, it } from 'vitest'
import { decodeBase64, decodeUtf8, encodeUtf8 } from '../../../src/core/util/text-codecs'
import { prng } from '../train/kernels/helpers'

describe('UTF-8 through the platform codecs', () => {
  it('decodes random bytes, malformed ones included, to U+FFFD as the WHATWG decoder does', () => {
    const rand = prng(3)
    const reference = new TextDecoder('utf-8', { ignoreBOM: true })
    for (let k = 0; k < 300; k++) {
      const bytes = Uint8Array.from({ length: 40 }, () =>
        rand() < 0.5 ? Math.floor(rand() * 128) : Math.floor(rand() * 256),
      )
      expect(decodeUtf8(bytes)).toBe(reference.decode(bytes))
    }
    expect(decodeUtf8(Uint8Array.of(0xe2, 0x82))).toBe('\ufffd')
    expect(decodeUtf8(Uint8Array.of(0xed, 0xa0, 0x80))).toBe('\ufffd\ufffd\ufffd')
  })

  it('round-trips text, and keeps a byte-order mark for the caller to strip', () => {
    const text = 'accX (m/s²),标签,😀'
    expect(decodeUtf8(encodeUtf8(text))).toBe(text)
    expect(Array.from(encodeUtf8('é😀'))).toEqual([0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80])
    expect(decodeUtf8(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61))).toBe('\ufeffa')
  })
})

describe('base64 through the platform codecs', () => {
  it("decodes what Node's Buffer encodes, for every length from 0 to 64 bytes", () => {
    const rand = prng(61)
    for (let n = 0; n <= 64; n++) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(rand() * 256))
      expect(Array.from(decodeBase64(Buffer.from(bytes).toString('base64'))), `length ${n}`).toEqual(
        Array.from(bytes),
      )
    }
  })

  it('rejects characters outside the base64 alphabet', () => {
    expect(() => decodeBase64('AA-A')).toThrow(/invalid character/i)
  })
})
