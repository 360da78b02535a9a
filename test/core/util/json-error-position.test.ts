import { describe, expect, it } from 'vitest'
import { findJsonError } from '../../../src/core/util/json-error-position'
import { createRng } from '../../../src/core/train/random'

describe('findJsonError', () => {
  it('accepts everything JSON.parse accepts', () => {
    for (const text of [
      '{}',
      '[]',
      ' 0 ',
      '-1.5e+3',
      '"a\\u00e9\\n"',
      '{"a":[1,{"b":null}],"c":true}',
      'false',
    ]) {
      expect(() => JSON.parse(text)).not.toThrow()
      expect(findJsonError(text)).toBeUndefined()
    }
  })

  it('points at the line and column of the first error', () => {
    expect(findJsonError('{\n  "a": 1,\n  "b": oops\n}')).toMatchObject({ line: 3, column: 8 })
    expect(findJsonError('[1, 2,]')).toMatchObject({ line: 1, column: 7, reason: 'unexpected character' })
    expect(findJsonError('{"a" 1}')).toMatchObject({ line: 1, column: 6, reason: 'expected ":"' })
    expect(findJsonError('{"a":1')).toMatchObject({ reason: 'unexpected end of file' })
    expect(findJsonError('"abc')).toMatchObject({ reason: 'unterminated string' })
    expect(findJsonError('{} x')).toMatchObject({ column: 4, reason: 'unexpected text after the end' })
    expect(findJsonError('01')).toMatchObject({ column: 2 })
  })

  it('rejects exactly what JSON.parse rejects on a sample of broken texts', () => {
    for (const text of [
      '',
      '{',
      '[1,]',
      '{"a":}',
      "{'a':1}",
      '[01]',
      '"\t"',
      'nul',
      '1 2',
      '{"a":1,}',
      '-',
      '.5',
    ]) {
      expect(() => JSON.parse(text)).toThrow()
      expect(findJsonError(text)).toBeDefined()
    }
  })
})

describe('findJsonError against JSON.parse on generated texts', () => {
  const rand = createRng(17).next
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!
  const value = (depth: number): unknown => {
    const kind = depth > 3 ? Math.floor(rand() * 4) : Math.floor(rand() * 6)
    if (kind === 0) return pick([0, -1.5e-7, 123456789, 3.25])
    if (kind === 1) return pick(['', 'a"b', 'é\n\t', '\u2028 \\ /'])
    if (kind === 2) return pick([true, false, null])
    if (kind === 3) return Math.floor(rand() * 1000)
    if (kind === 4) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1))
    return Object.fromEntries(
      Array.from({ length: Math.floor(rand() * 4) }, (_, i) => [`k${i}`, value(depth + 1)]),
    )
  }

  it('finds nothing in valid JSON and an error wherever one byte breaks it', () => {
    for (let n = 0; n < 300; n++) {
      const text = JSON.stringify(value(0), null, rand() < 0.5 ? 2 : undefined)
      expect(findJsonError(text), text).toBeUndefined()
      const at = Math.floor(rand() * text.length)
      const broken = text.slice(0, at) + pick(['}', ',', '"', 'x', ':', '']) + text.slice(at + 1)
      let parses = true
      try {
        JSON.parse(broken)
      } catch {
        parses = false
      }
      expect(findJsonError(broken) === undefined, broken).toBe(parses)
    }
  })
})
