import { describe, expect, it } from 'vitest'
import { DatasetErrorCode, type ImportOptions } from '../../../src/shared/api/dataset'
import { MoteFailure } from '../../../src/shared/errors'
import { digitsCsv, generateDigitsTable } from '../../../src/core/demo/digits'
import { planImport } from '../../../src/core/dataset/import-files'
import { bytesSource } from '../../../src/core/dataset/import-source'
import { TABLE_ROW_RATE_HZ } from '../../../src/core/dataset/formats/table'
import { parseSampleFile } from '../../../src/core/dataset/formats/sample-readers'
import { utf8 } from './fixtures'

const table = (labelColumn: string | number, text: string, name = 'table.csv') =>
  parseSampleFile(name, utf8(text), { labelColumn })

/** The failure a call throws (its code and message), or a failed expectation when it does not throw. */
function failureOf(call: () => unknown): MoteFailure {
  try {
    call()
  } catch (error) {
    expect(error).toBeInstanceOf(MoteFailure)
    return error as MoteFailure
  }
  throw new Error('expected a failure')
}

async function plan(text: string, options: ImportOptions, existing: string[] = []) {
  return planImport(
    [bytesSource('rows.csv', utf8(text))],
    options,
    existing.map((label) => ({ label, category: 'training' as const })),
  )
}

describe('a CSV read as a table: one sample per row', () => {
  it('makes each row a one-frame time series whose axes are the feature columns, labelled by the named column', () => {
    const samples = table('kind', 'a,kind,b\n1,cat,2.5\n-3,dog,4e2\n')
    expect(samples).toHaveLength(2)
    expect(samples[0]).toMatchObject({
      kind: 'timeseries',
      label: 'cat',
      length: 1,
      rateHz: TABLE_ROW_RATE_HZ,
      axes: [
        { name: 'a', unit: '' },
        { name: 'b', unit: '' },
      ],
    })
    expect(Array.from(samples[0]!.values)).toEqual([1, 2.5])
    expect(Array.from(samples[1]!.values)).toEqual([-3, 400])
    expect(samples[1]!.label).toBe('dog')
  })

  it('takes a position counting from 1, and reads a first line of numbers as a row, naming features f1…fN', () => {
    const samples = table(3, '0.5,1,seven\n2,3,eight\n')
    expect(samples.map((s) => s.label)).toEqual(['seven', 'eight'])
    expect(samples[0]!.axes.map((a) => a.name)).toEqual(['f1', 'f2'])
    expect(Array.from(samples[0]!.values)).toEqual([0.5, 1])
    // A position given as text (the CLI) is a position when no header field has that name.
    expect(table('1', 'y,x\n1,5\n0,6\n').map((s) => s.label)).toEqual(['1', '0'])
    // …and a name when one has.
    expect(table('2', 'a,2\n1,5\n').map((s) => s.label)).toEqual(['5'])
  })

  it('reads the digits demo table: 64 features p0_0…p7_7, labels 0…9, values exactly as generated', () => {
    const digits = generateDigitsTable({ perClass: 3 })
    const samples = table('label', digitsCsv(digits), 'digits.csv')
    expect(samples).toHaveLength(30)
    expect(samples[0]!.axes).toHaveLength(64)
    expect(samples[0]!.axes[9]!.name).toBe('p1_1')
    samples.forEach((s, r) => {
      expect(s.label).toBe(String(digits.y[r]))
      expect(Array.from(s.values)).toEqual(Array.from(digits.x.subarray(r * 64, (r + 1) * 64)))
    })
  })

  it('refuses a ragged row, naming its line and row and both widths', () => {
    const e = failureOf(() => table('label', 'a,b,label\n1,2,x\n1,2\n'))
    expect(e.code).toBe(DatasetErrorCode.ImportFailed)
    expect(e.message).toBe(
      'table.csv, line 3 (row 2): the row has 2 fields but the header names 3; every row of a table has one field per column. Fix the file or leave it out.',
    )
  })

  it('refuses a cell that is not a number, naming the line, the row, the column and the cell', () => {
    const e = failureOf(() => table('label', 'a,b,label\n1,2,x\n1,n/a,y\n'))
    expect(e.code).toBe(DatasetErrorCode.ImportFailed)
    expect(e.message).toBe(
      'table.csv, line 3 (row 2): column 2 ("b") holds "n/a", not a number; every feature must be a number. Fix the file or leave it out.',
    )
    expect(failureOf(() => table('label', 'a,b,label\n1,,x\n')).message).toMatch(
      /column 2 \("b"\) holds "", not a number/,
    )
  })

  it('refuses a label column the file does not have, with code 10009 and the columns it does have', () => {
    const byName = failureOf(() => table('class', 'a,b,label\n1,2,x\n'))
    expect(byName.code).toBe(DatasetErrorCode.LabelColumnMissing)
    expect(byName.message).toBe(
      'table.csv, line 1: there is no label column "class"; the first line has "a", "b", "label". Name a column of the header, or give its position counting from 1.',
    )
    expect(failureOf(() => table(4, '1,2,x\n')).code).toBe(DatasetErrorCode.LabelColumnMissing)
  })

  it('refuses an empty label, a table with no rows, and one with only a label column', () => {
    expect(failureOf(() => table('label', 'a,label\n1, \n')).message).toMatch(
      /line 2 \(row 1\): the label is empty/,
    )
    expect(failureOf(() => table('label', 'a,label\n')).message).toMatch(/the table has a header but no rows/)
    expect(failureOf(() => table('label', 'label\nx\n')).message).toMatch(/only its label column/)
  })

  it('refuses more feature columns than a sample has axes, saying how many', () => {
    const header = [...Array.from({ length: 65 }, (_, i) => `c${i}`), 'label'].join(',')
    const e = failureOf(() => table('label', `${header}\n`))
    expect(e.message).toMatch(/line 1: the table has 65 feature columns; a sample has at most 64 axes/)
  })
})

describe('importing tables', () => {
  it('plans one sample per row with the label from its column and the stratified 80/20 split per class', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${i},${i * 2},${i % 2 ? 'odd' : 'even'}`).join('\n')
    const p = await plan(`x,y,parity\n${rows}\n`, { labelColumn: 'parity' })
    expect(p.samples).toHaveLength(20)
    expect(p.samples.filter((s) => s.label === 'odd' && s.category === 'testing')).toHaveLength(2)
    expect(p.samples.filter((s) => s.label === 'even' && s.category === 'testing')).toHaveLength(2)
    expect(p.failed).toEqual([])
  })

  it('refuses a label column holding one class (code 10010) unless the project already has another class', async () => {
    const text = 'x,label\n1,a\n2,a\n3,a\n'
    const e = await plan(text, { labelColumn: 'label' }).catch((error: unknown) => error as MoteFailure)
    expect(e).toBeInstanceOf(MoteFailure)
    expect((e as MoteFailure).code).toBe(DatasetErrorCode.OneClass)
    expect((e as MoteFailure).message).toBe(
      'The label column "label" holds one class only ("a", in all 3 rows); a classifier needs at least two. Choose the column that holds the classes. Nothing was imported.',
    )
    expect((await plan(text, { labelColumn: 'label' }, ['b'])).samples).toHaveLength(3)
  })

  it('reports a broken table like any broken file: with --skip-broken it is listed, not imported', async () => {
    const p = await plan('x,label\n1,a\nz,b\n', { labelColumn: 'label', skipBroken: true })
    expect(p.samples).toEqual([])
    expect(p.failed[0]!.message).toMatch(/^rows\.csv, line 3 \(row 2\): column 1 \("x"\) holds "z"/)
  })
})
