import { describe, expect, it } from 'vitest'
import {
  ForwarderLineParser,
  type RejectReason,
} from '../../../../src/main/services/capture/forwarder-line-parser'
import { referenceStream, type ReferenceResult } from './line-reference'

function run(chunks: readonly Uint8Array[], expectedCount?: number): ReferenceResult[] {
  const out: ReferenceResult[] = []
  const parser = new ForwarderLineParser({
    onValues: (values, count) => out.push({ values: Array.from(values.subarray(0, count)) }),
    onRejected: (reason: RejectReason) => out.push({ reject: reason }),
  })
  parser.expectedCount = expectedCount
  for (const c of chunks) parser.push(c)
  parser.end()
  return out
}

const bytes = (text: string) => new TextEncoder().encode(text)

function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32
}

const SAMPLE = [
  'Booting sensor v1.2',
  '1.5,-2,9.81',
  '1.5\t-2\t9.81\r',
  '  1.5   -2  9.81  ',
  '1.5, -2 , 9.81,',
  '-0.000123,4e3,5E-2',
  '.5,7.,+3',
  '1,,2',
  'nan,1,2',
  'abc',
  '1;2;3',
  '0x10,1,2',
  '1,2,3,4',
  '',
  '1e999,1,2',
  '12345678901234567890.123,0.1234567890123456789,1e-30',
  'partial line without end',
].join('\n')

describe('the data-forwarder line parser', () => {
  it('reads comma, tab and space separated numbers exactly as Number() does, and rejects the rest with a reason', () => {
    const text = 'garbage first line\n' + SAMPLE
    expect(run([bytes(text)])).toEqual(referenceStream(text))
    expect(run([bytes(text)]).filter((r) => 'values' in r)).toHaveLength(8)
  })

  it('gives the same rows for the same bytes split at every byte position, and byte by byte', () => {
    const text = 'x\n' + SAMPLE
    const whole = run([bytes(text)])
    const all = bytes(text)
    for (let cut = 0; cut <= all.length; cut++)
      expect(run([all.subarray(0, cut), all.subarray(cut)]), `cut ${cut}`).toEqual(whole)
    expect(run(Array.from(all, (b) => Uint8Array.of(b)))).toEqual(whole)
  })

  it('drops the first line (opened mid-line) and the last one (never ended)', () => {
    expect(run([bytes('3,4\n1,2\n5,6')])).toEqual([{ values: [1, 2] }])
  })

  it('rejects lines with another value count once the axis count is known', () => {
    expect(run([bytes('\n1,2,3\n1,2\n')], 3)).toEqual([{ values: [1, 2, 3] }, { reject: 'value-count' }])
  })

  it('parses 100 000 random numbers in many notations to the same double as Number()', () => {
    const rand = lcg(11)
    const texts: string[] = []
    for (let i = 0; i < 100_000; i++) {
      const v = (rand() - 0.5) * 10 ** Math.floor(rand() * 24 - 12)
      const form = i % 5
      texts.push(
        form === 0
          ? String(v)
          : form === 1
            ? v.toFixed(Math.floor(rand() * 8))
            : form === 2
              ? v.toExponential(Math.floor(rand() * 16))
              : form === 3
                ? v.toPrecision(1 + Math.floor(rand() * 20))
                : String(Math.round(v * 1000)),
      )
    }
    const lines = ['x']
    for (let i = 0; i < texts.length; i += 4) lines.push(texts.slice(i, i + 4).join(','))
    const got = run([bytes(lines.join('\n') + '\n')]).flatMap((r) => ('values' in r ? r.values : [NaN]))
    expect(got.length).toBe(texts.length)
    for (let i = 0; i < texts.length; i++)
      if (!Object.is(got[i], Number(texts[i]))) expect(got[i], texts[i]).toBe(Number(texts[i]))
  })

  it('survives random garbage and binary noise: every row it keeps is a line the reference accepts', () => {
    const rand = lcg(5)
    for (let trial = 0; trial < 20; trial++) {
      const noise = Uint8Array.from({ length: 20_000 }, () => {
        const r = rand()
        return r < 0.05
          ? 10
          : r < 0.5
            ? '0123456789.,-e \t'.charCodeAt(Math.floor(rand() * 16))
            : Math.floor(rand() * 256)
      })
      const text = new TextDecoder('latin1').decode(noise)
      const got = run([noise.subarray(0, 7000), noise.subarray(7000)])
      // The reference sees the same bytes as Latin-1 text: non-ASCII bytes are never part of a number.
      // Which rule a broken line breaks first is the parser's business; which lines are data is not.
      const kept = (rows: ReferenceResult[]) => rows.map((r) => ('values' in r ? r : { reject: 'any' }))
      expect(kept(got)).toEqual(kept(referenceStream(text)))
      expect(got.filter((r) => 'values' in r).length).toBeGreaterThan(0)
    }
  })

  it('rejects a line longer than the limit as too long and recovers at the next newline', () => {
    const long = '1,'.repeat(700) + '1'
    expect(run([bytes(`x\n${long}\n4,5\n`)])).toEqual([{ reject: 'too-long' }, { values: [4, 5] }])
    const chunks = bytes(`x\n${long}\n4,5\n`)
    expect(run([chunks.subarray(0, 500), chunks.subarray(500, 1200), chunks.subarray(1200)])).toEqual([
      { reject: 'too-long' },
      { values: [4, 5] },
    ])
  })
})
