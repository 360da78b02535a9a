import { describe, expect, it } from 'vitest'
import { decodeBase64 } from '../../../../src/core/train/kernels/base64'
import { prng } from './helpers'

describe('decodeBase64', () => {
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
    expect(() => decodeBase64('AA-A')).toThrow(/invalid base64 character at 2/)
  })
})
