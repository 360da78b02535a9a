import { describe, expect, it } from 'vitest'
import { parseDecimalBytes } from '../../../src/core/dataset/decimal-bytes'
import { parseDecimal } from '../../../src/core/dataset/float-text'
import { lcg, utf8 } from './fixtures'

/** Number texts from the decimal grammar, with the edges that matter: long mantissas, big exponents, signs. */
function decimalText(rand: () => number): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('')
  const sign = ['', '-', '+'][Math.floor(rand() * 3)]!
  const int = digits(Math.floor(rand() * (rand() < 0.1 ? 25 : 6)))
  const frac = rand() < 0.6 ? `.${digits(Math.floor(rand() * (rand() < 0.1 ? 25 : 8)))}` : ''
  const exp =
    rand() < 0.3
      ? `${rand() < 0.5 ? 'e' : 'E'}${['', '-', '+'][Math.floor(rand() * 3)]}${digits(1 + Math.floor(rand() * 3))}`
      : ''
  return sign + int + frac + exp
}

function noise(rand: () => number): string {
  const alphabet = '0123456789+-.eE x,\t'
  return Array.from(
    { length: 1 + Math.floor(rand() * 8) },
    () => alphabet[Math.floor(rand() * alphabet.length)],
  ).join('')
}

describe('decimals parsed on bytes', () => {
  it('agree with parseDecimal (Number) bit for bit on 200 000 texts of the grammar and of noise', () => {
    const rand = lcg(11)
    let numbers = 0
    for (let k = 0; k < 200_000; k++) {
      const text = k % 4 === 3 ? noise(rand) : decimalText(rand)
      const bytes = utf8(`,${text},`)
      const expected = parseDecimal(text)
      const got = parseDecimalBytes(bytes, 1, bytes.length - 1)
      if (!Object.is(got, expected)) expect({ text, got }).toEqual({ text, got: expected })
      if (expected !== undefined) numbers++
    }
    expect(numbers).toBeGreaterThan(100_000)
  })

  it('reads the edges: negative zero, the fast path limits, float32 overflow, exponent digits', () => {
    const parse = (text: string) => parseDecimalBytes(utf8(text), 0, text.length)
    expect(Object.is(parse('-0'), -0)).toBe(true)
    expect(parse('123456789012345e22')).toBe(123456789012345e22)
    expect(parse('1234567890123456789')).toBe(Number('1234567890123456789'))
    expect(parse('0.1')).toBe(0.1)
    expect(parse('4e38')).toBeUndefined()
    expect(parse('1e0000001')).toBe(10)
    for (const bad of ['', '+', '.', 'e5', '1e', '1.2.3', ' 1', '0x10', 'NaN', 'Infinity'])
      expect(parse(bad)).toBeUndefined()
  })
})
