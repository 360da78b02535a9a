import { describe, expect, it } from 'vitest'
import { formatFloat32, normalizeRateHz, parseDecimal } from '../../../src/core/dataset/float-text'

function randomFloat32(seed: number): number {
  const bits = new Uint32Array(1)
  const f = new Float32Array(bits.buffer)
  let s = seed
  for (;;) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    bits[0] = s
    if (Number.isFinite(f[0]!)) return f[0]!
  }
}

describe('float32 decimal text', () => {
  it('reads back to the same bits for 200 000 random float32 values, subnormals and extremes included', () => {
    const back = new Float32Array(1)
    const orig = new Float32Array(1)
    const specials = [
      0, -0, 1, -1, 0.1, 1e-45, -1e-45, 3.4028234663852886e38, 1.1754943508222875e-38, 16777217,
    ]
    const backBits = new Uint32Array(back.buffer)
    const origBits = new Uint32Array(orig.buffer)
    const wrong: string[] = []
    for (let i = 0; i < 200_000 + specials.length; i++) {
      orig[0] = i < specials.length ? specials[i]! : randomFloat32(i)
      const text = formatFloat32(orig[0]!)
      back[0] = Number(text)
      // One expect at the end: 200 000 calls of expect alone took longer than the test's time limit.
      if (backBits[0] !== origBits[0]) wrong.push(`${orig[0]} → ${text}`)
    }
    expect(wrong).toEqual([])
  })

  it('is the shortest form: 0.1f is "0.1", not its double expansion', () => {
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1')
    expect(formatFloat32(Math.fround(9.81))).toBe('9.81')
    expect(formatFloat32(-0)).toBe('-0')
    expect(formatFloat32(1023)).toBe('1023')
    expect(formatFloat32(Math.fround(1.5e-7))).toBe('1.5e-7')
  })

  it('refuses non-finite values instead of writing text that would not read back', () => {
    expect(() => formatFloat32(NaN)).toThrow()
    expect(() => formatFloat32(Infinity)).toThrow()
  })

  it('parses strict decimals only', () => {
    expect(parseDecimal('-1.25e3')).toBe(-1250)
    expect(parseDecimal('.5')).toBe(0.5)
    expect(parseDecimal('7.')).toBe(7)
    for (const bad of ['', ' 1', '0x10', 'NaN', 'Infinity', '1,5', '1e', '--1', '1e999', 'abc'])
      expect(parseDecimal(bad), bad).toBeUndefined()
  })

  it('keeps rates to 9 significant digits', () => {
    expect(normalizeRateHz(3.0000000000000004)).toBe(3)
    expect(normalizeRateHz(16000 / 3)).toBe(5333.33333)
  })
})
