import type { AxisInfo } from '../sample'
import { datasetFailure, importFailure } from '../errors'
import { checkAxes, checkLabel, shown } from '../sample-limits'
import { parseDecimal } from '../float-text'
import { ByteLines } from './byte-lines'
import { isBlank } from './csv'
import { CsvFields } from './csv-fields'
import { splitFields } from './csv-text'
import type { EmitSample, FileFacts, SampleFileReader } from './parsed-sample'
import { decodeUtf8 } from '../../util/text-codecs'

/**
 * A table of samples: a CSV where each row is one sample — N feature columns and one label column that the
 * user names (`--label-column`, the import dialog). Each row becomes a time series of one frame whose axes
 * are the features, at `TABLE_ROW_RATE_HZ` (docs/dataset.md, "Tabular samples", says why).
 * - The label column is a header name, or a position counting from 1 when no header field has that name.
 * - The first line is a header unless the label column is a position and every other field of that line is
 *   a number; without a header the features are named `f1…fN` in their order.
 * - Every other column is a feature: every field must be a number (a decimal), every row as wide as the
 *   first. Errors name the line, the row and the column.
 */
export const TABLE_ROW_RATE_HZ = 1

export interface TableReadOptions {
  readonly labelColumn: string | number
}

interface TableLayout {
  readonly labelColumn: number
  readonly featureColumns: readonly number[]
  readonly axes: readonly AxisInfo[]
  readonly width: number
  readonly names: readonly string[] | undefined
}

/** Reads a table line by line and emits each row as a one-frame sample; memory holds one line. */
export class TableSampleReader implements SampleFileReader {
  private readonly lines: ByteLines
  private readonly fields = new CsvFields()
  private layout: TableLayout | undefined
  private rows = 0
  /** Labels as read → as checked: a table has few classes and many rows, so each is checked once. */
  private readonly labels = new Map<string, string>()

  constructor(
    private readonly file: string,
    private readonly options: TableReadOptions,
    private readonly emit: EmitSample,
  ) {
    this.lines = new ByteLines(file, (line, bytes, from, to) => this.line(line, bytes, from, to))
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk)
  }

  end(): FileFacts {
    this.lines.end()
    if (this.layout === undefined) throw importFailure(this.file, undefined, 'the file is empty')
    if (this.rows === 0) throw importFailure(this.file, undefined, 'the table has a header but no rows')
    return { rateHz: TABLE_ROW_RATE_HZ }
  }

  private line(line: number, bytes: Uint8Array, from: number, to: number): void {
    if (isBlank(bytes, from, to)) return
    if (this.layout === undefined) {
      const fields = splitFields(decodeUtf8(bytes.subarray(from, to)))
      this.layout = tableLayout(this.file, line, fields, this.options.labelColumn)
      if (this.layout.names !== undefined) return
    }
    this.fields.read(bytes, from, to)
    this.readRow(line, this.layout)
  }

  private readRow(line: number, layout: TableLayout): void {
    const row = ++this.rows
    const where = `line ${line} (row ${row})`
    if (this.fields.count !== layout.width)
      throw importFailure(
        this.file,
        where,
        `the row has ${this.fields.count} fields but the ${layout.names ? 'header names' : 'first row has'} ${layout.width}; every row of a table has one field per column`,
      )
    const values = new Float32Array(layout.featureColumns.length)
    for (let f = 0; f < values.length; f++) {
      const column = layout.featureColumns[f]!
      const v = this.fields.number(column)
      if (v === undefined)
        throw importFailure(
          this.file,
          where,
          `column ${column + 1} ("${shown(layout.axes[f]!.name)}") holds "${shown(this.fields.text(column))}", not a number; every feature must be a number`,
        )
      values[f] = v
    }
    const text = this.fields.text(layout.labelColumn)
    let label = this.labels.get(text)
    if (label === undefined) {
      label = checkLabel(this.file, where, text, 'the label')
      this.labels.set(text, label)
    }
    this.emit({ kind: 'timeseries', label, axes: layout.axes, length: 1, source: this.file, values })
  }
}

/** Where the label and the features are, from the first line (a header, or already the first row). */
function tableLayout(
  file: string,
  line: number,
  first: readonly string[],
  wanted: string | number,
): TableLayout {
  const byName = typeof wanted === 'string' ? first.indexOf(wanted.trim()) : -1
  const position = typeof wanted === 'number' ? wanted : /^\d+$/.test(wanted.trim()) ? Number(wanted) : 0
  const labelColumn = byName >= 0 ? byName : position - 1
  if (labelColumn < 0 || labelColumn >= first.length) throw labelColumnMissing(file, line, first, wanted)
  const featureColumns = first.map((_, i) => i).filter((i) => i !== labelColumn)
  if (featureColumns.length === 0)
    throw importFailure(file, `line ${line}`, 'the table has only its label column; it needs features')
  const isHeader = byName >= 0 || featureColumns.some((i) => parseDecimal(first[i]!) === undefined)
  const axes = featureColumns.map((i, f) => ({ name: isHeader ? first[i]! : `f${f + 1}`, unit: '' }))
  if (isHeader) {
    const empty = axes.findIndex((a) => a.name === '')
    if (empty >= 0)
      throw importFailure(
        file,
        `line ${line}`,
        `column ${featureColumns[empty]! + 1} of the header has no name`,
      )
  }
  checkAxes(file, `line ${line}`, axes, {
    all: (n) => `the table has ${n} feature columns`,
    one: (f) => `column ${featureColumns[f]! + 1}`,
  })
  return { labelColumn, featureColumns, axes, width: first.length, names: isHeader ? first : undefined }
}

function labelColumnMissing(
  file: string,
  line: number,
  first: readonly string[],
  wanted: string | number,
): Error {
  const names = first.slice(0, 8).map((n) => `"${shown(n)}"`)
  const more = first.length > 8 ? `, … (${first.length} columns)` : ''
  return datasetFailure(
    'LabelColumnMissing',
    `${file}, line ${line}: there is no label column ${typeof wanted === 'number' ? wanted : `"${shown(wanted)}"`}; the first line has ${names.join(', ')}${more}. Name a column of the header, or give its position counting from 1.`,
  )
}

/**
 * A table import whose label column gives one class, in a project with no other: a classifier cannot learn
 * from it, and most often the column is the wrong one (an id, a constant). Refused with the column named.
 */
export function checkTableClasses(
  labelColumn: string | number,
  labels: readonly string[],
  existing: readonly string[],
): void {
  const classes = new Set(labels)
  if (classes.size !== 1 || existing.some((l) => !classes.has(l))) return
  const column = typeof labelColumn === 'number' ? `${labelColumn}` : `"${shown(labelColumn)}"`
  throw datasetFailure(
    'OneClass',
    `The label column ${column} holds one class only ("${shown(labels[0]!)}", in all ${labels.length} rows); a classifier needs at least two. Choose the column that holds the classes. Nothing was imported.`,
  )
}
