import { describe, expect, it } from 'vitest'
import { findJsonError } from '../../../src/core/util/json-error-position'

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
