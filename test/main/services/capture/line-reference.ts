/**
 * A slow, obviously-correct data-forwarder parser written from the rules in docs/protocol.md with strings
 * and regular expressions, independent of the byte-level parser under test.
 */
export type ReferenceResult = { values: number[] } | { reject: string }

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

export function referenceLine(line: string, expectedCount?: number, maxLineBytes = 1024): ReferenceResult {
  // Lines here are ASCII or Latin-1 (one character per byte).
  if (line.length > maxLineBytes) return { reject: 'too-long' }
  const text = line.replace(/\r/g, '')
  // Blanks are space and tab only (not form feed, not NBSP: String.trim and \s would take those too).
  let body = text.replace(/^[ \t]+|[ \t]+$/g, '')
  if (body === '') return { reject: 'empty' }
  // One trailing separator is tolerated.
  body = body.replace(/[ \t]*,$/, '')
  const fields = body.split(/[ \t]*,[ \t]*|[ \t]+/)
  if (fields.some((f) => f === ''))
    return {
      reject:
        fields.every((f) => NUMBER.test(f) || f === '') && /,[ \t]*,/.test(body) ? 'empty' : 'not-a-number',
    }
  for (const f of fields)
    if (!NUMBER.test(f) || !Number.isFinite(Math.fround(Number(f)))) return { reject: 'not-a-number' }
  if (expectedCount !== undefined && fields.length !== expectedCount) return { reject: 'value-count' }
  return { values: fields.map(Number) }
}

/** Every complete line of a text after the first, as the parser should see them. */
export function referenceStream(text: string, expectedCount?: number): ReferenceResult[] {
  const lines = text.split('\n')
  return lines.slice(1, -1).map((l) => referenceLine(l, expectedCount))
}
