import { printParseErrorCode, visit } from 'jsonc-parser'

/**
 * Where a JSON text first goes wrong, as line and column, for error messages that let a person find the
 * damage ("line 4, column 11"). JSON.parse's own messages carry no position for some errors in V8 ("Unexpected
 * token '}', … is not valid JSON"), so the text is scanned again with `jsonc-parser` (Microsoft's JSON
 * scanner from VS Code) in strict mode: no comments, no trailing commas. It only locates errors; parsing
 * stays with JSON.parse. Its scanner takes a few Unicode spaces that JSON does not (no-break space, BOM): a
 * text broken only by those has no position (undefined), and callers say "not valid JSON" without one.
 */
export interface JsonErrorPosition {
  readonly offset: number
  /** 1-based. */
  readonly line: number
  /** 1-based, in UTF-16 code units. */
  readonly column: number
  readonly reason: string
}

/** Our words for jsonc-parser's error names; the others read "unexpected character". */
const REASONS: Readonly<Record<string, string>> = {
  InvalidNumberFormat: 'bad number',
  UnexpectedEndOfNumber: 'bad number',
  PropertyNameExpected: 'expected a quoted key',
  ColonExpected: 'expected ":"',
  CloseBraceExpected: 'expected "," or "}"',
  CloseBracketExpected: 'expected "," or "]"',
  EndOfFileExpected: 'unexpected text after the end',
  UnexpectedEndOfString: 'unterminated string',
  InvalidUnicode: 'bad \\u escape',
  InvalidEscapeCharacter: 'bad escape',
  InvalidCharacter: 'control character in a string',
}

export function findJsonError(text: string): JsonErrorPosition | undefined {
  let found: JsonErrorPosition | undefined
  // The open containers' closing brackets, and whether the top-level value has ended, to word the reason.
  const closers: string[] = []
  let ended = false
  const close = () => {
    closers.pop()
    ended = closers.length === 0
  }
  visit(
    text,
    {
      onObjectBegin: () => void closers.push('}'),
      onArrayBegin: () => void closers.push(']'),
      onObjectEnd: close,
      onArrayEnd: close,
      onLiteralValue: () => void (ended ||= closers.length === 0),
      onError: (error, offset, _length, startLine, startCharacter) => {
        found ??= {
          offset,
          line: startLine + 1,
          column: startCharacter + 1,
          reason: reasonFor(printParseErrorCode(error), offset >= text.length, ended, closers.at(-1)),
        }
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  )
  return found
}

function reasonFor(error: string, atEnd: boolean, ended: boolean, closer: string | undefined): string {
  if (atEnd) return 'unexpected end of file'
  if (ended) return 'unexpected text after the end'
  if (error === 'CommaExpected') return `expected "," or "${closer ?? ''}"`
  return REASONS[error] ?? 'unexpected character'
}
