/**
 * Where a JSON text first goes wrong, as line and column, for error messages that let a person find the
 * damage ("line 4, column 11"). JSON.parse's own messages carry no position in some engines (V8 since
 * Node 20 quotes the text instead), so this is a small validating scanner of RFC 8259. It only locates
 * errors; parsing stays with JSON.parse.
 */
export interface JsonErrorPosition {
  readonly offset: number
  readonly line: number
  readonly column: number
  readonly reason: string
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason)
  }
}

export function findJsonError(text: string): JsonErrorPosition | undefined {
  let i = 0
  const fail = (reason: string): never => {
    throw new Stop(i, reason)
  }
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
  }
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length
    else fail('unexpected character')
  }
  const string = () => {
    i++
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i)
      if (c < 0x20) fail('control character in a string')
      if (text[i] === '\\') {
        i++
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('bad \\u escape')
          i += 4
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('bad escape')
      }
      i++
    }
    if (i >= text.length) fail('unterminated string')
    i++
  }
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))
    if (match === null || match[0] === '' || match[0] === '-') fail('bad number')
    i += match![0].length
  }
  const value = (): void => {
    ws()
    const c = text[i]
    if (c === '{') return container('}', true)
    if (c === '[') return container(']', false)
    if (c === '"') return string()
    if (c === 't') return literal('true')
    if (c === 'f') return literal('false')
    if (c === 'n') return literal('null')
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number()
    fail(c === undefined ? 'unexpected end of file' : 'unexpected character')
  }
  const container = (close: string, isObject: boolean) => {
    i++
    ws()
    if (text[i] === close) {
      i++
      return
    }
    for (;;) {
      if (isObject) {
        ws()
        if (text[i] !== '"') fail('expected a quoted key')
        string()
        ws()
        if (text[i] !== ':') fail('expected ":"')
        i++
      }
      value()
      ws()
      if (text[i] === ',') {
        i++
        continue
      }
      if (text[i] === close) {
        i++
        return
      }
      fail(text[i] === undefined ? 'unexpected end of file' : `expected "," or "${close}"`)
    }
  }
  try {
    value()
    ws()
    if (i < text.length) fail('unexpected text after the end')
    return undefined
  } catch (error) {
    if (!(error instanceof Stop)) throw error
    const before = text.slice(0, error.offset)
    const line = before.split('\n').length
    return {
      offset: error.offset,
      line,
      column: error.offset - before.lastIndexOf('\n'),
      reason: error.reason,
    }
  }
}
