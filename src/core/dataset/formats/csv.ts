import type { AxisInfo, Sample } from '../sample'
import { importFailure } from '../errors'
import { formatFloat32, normalizeRateHz, parseDecimal } from '../float-text'
import { quantizeToPcm16 } from '../pcm'
import { csvField, csvLines, type CsvLine } from './csv-text'
import type { ParsedSample } from './parsed-sample'

/**
 * Samples as CSV, compatible with Edge Impulse's CSV import: a header `timestamp,<axis>,…` and one row per
 * frame, the timestamp in milliseconds from the start. An axis with a unit is written `name (unit)`.
 * - One file per sample: the rate comes from the timestamps (`1000·(n−1) / (t_last − t_first)`, to 9
 *   significant digits); a file without a timestamp column needs the rate from the import options.
 * - One long file with a `label` column: each run of consecutive rows with the same label is one sample.
 * - `time_s`/`timestamp_s` headers are read as seconds.
 * - One axis named `audio` with every value in [−1, 1] makes an audio sample (rounded to the 16-bit grid).
 */
export interface CsvReadOptions {
  readonly rateHz?: number
}

interface Header {
  readonly timeColumn: number | undefined
  readonly timeScaleMs: number
  readonly labelColumn: number | undefined
  readonly axisColumns: readonly number[]
  readonly axes: readonly AxisInfo[]
}

export function readCsv(file: string, text: string, options: CsvReadOptions = {}): ParsedSample[] {
  const lines = csvLines(text)
  if (lines.length === 0) throw importFailure(file, 'line 1', 'the file is empty')
  const header = readHeader(file, lines[0]!)
  const rows = lines.slice(1)
  if (rows.length === 0)
    throw importFailure(file, `line ${lines[0]!.line + 1}`, 'the file has a header but no rows')
  const parsed = rows.map((row) => readRow(file, row, header))
  const runs = header.labelColumn === undefined ? [parsed] : splitRuns(parsed)
  const rateHz = fileRate(file, runs, options)
  return runs.map((run) => toSample(file, run, header, rateHz))
}

function readHeader(file: string, line: CsvLine): Header {
  const names = line.fields
  const lower = names.map((n) => n.toLowerCase())
  const timeColumn = lower.findIndex((n) => /^(timestamp|time)(_ms|_s)?$/.test(n))
  const labelColumn = lower.indexOf('label')
  const axisColumns = names.map((_, i) => i).filter((i) => i !== timeColumn && i !== labelColumn)
  if (axisColumns.length === 0)
    throw importFailure(file, `line ${line.line}`, 'the header names no value columns')
  const axes = axisColumns.map((i) => {
    const name = names[i]!
    if (name === '')
      throw importFailure(file, `line ${line.line}`, `column ${i + 1} of the header has no name`)
    const m = /^(.*\S)\s+\(([^()]*)\)$/.exec(name)
    return m ? { name: m[1]!, unit: m[2]! } : { name, unit: '' }
  })
  return {
    timeColumn: timeColumn < 0 ? undefined : timeColumn,
    timeScaleMs: timeColumn >= 0 && lower[timeColumn]!.endsWith('_s') ? 1000 : 1,
    labelColumn: labelColumn < 0 ? undefined : labelColumn,
    axisColumns,
    axes,
  }
}

interface Row {
  readonly line: number
  readonly timeMs: number | undefined
  readonly label: string | undefined
  readonly values: readonly number[]
}

function readRow(file: string, row: CsvLine, header: Header): Row {
  const width =
    header.axisColumns.length +
    (header.timeColumn === undefined ? 0 : 1) +
    (header.labelColumn === undefined ? 0 : 1)
  if (row.fields.length !== width)
    throw importFailure(
      file,
      `line ${row.line}`,
      `the row has ${row.fields.length} fields but the header names ${width}`,
    )
  const number = (column: number, what: string) => {
    const v = parseDecimal(row.fields[column]!)
    if (v === undefined)
      throw importFailure(file, `line ${row.line}`, `${what} "${row.fields[column]}" is not a number`)
    return v
  }
  const label = header.labelColumn === undefined ? undefined : row.fields[header.labelColumn]!
  if (label === '') throw importFailure(file, `line ${row.line}`, 'the label is empty')
  return {
    line: row.line,
    timeMs:
      header.timeColumn === undefined
        ? undefined
        : number(header.timeColumn, 'the timestamp') * header.timeScaleMs,
    label,
    values: header.axisColumns.map((c, i) => number(c, `the value of ${header.axes[i]!.name}`)),
  }
}

function splitRuns(rows: Row[]): Row[][] {
  const runs: Row[][] = []
  for (const row of rows) {
    const last = runs[runs.length - 1]
    if (last && last[0]!.label === row.label) last.push(row)
    else runs.push([row])
  }
  return runs
}

/** One rate for the file: from the timestamps of its longest run, or the options. */
function fileRate(file: string, runs: Row[][], options: CsvReadOptions): number {
  for (const run of runs) {
    for (let i = 1; i < run.length; i++) {
      if (!(run[i]!.timeMs! > run[i - 1]!.timeMs!) && run[i]!.timeMs !== undefined)
        throw importFailure(file, `line ${run[i]!.line}`, 'the timestamp does not increase')
    }
  }
  const longest = runs.reduce((a, b) => (b.length > a.length ? b : a))
  if (longest[0]!.timeMs === undefined || longest.length < 2) {
    if (options.rateHz !== undefined) return normalizeRateHz(options.rateHz)
    const why = longest[0]!.timeMs === undefined ? 'has no timestamp column' : 'has one row per sample'
    throw importFailure(
      file,
      undefined,
      `the file ${why}, so its rate is unknown; give the rate (--rate) to import it`,
    )
  }
  const n = longest.length
  return normalizeRateHz((1000 * (n - 1)) / (longest[n - 1]!.timeMs! - longest[0]!.timeMs!))
}

function toSample(file: string, rows: Row[], header: Header, rateHz: number): ParsedSample {
  const axes = header.axes.length
  let values: Float32Array = new Float32Array(rows.length * axes)
  rows.forEach((row, t) => row.values.forEach((v, a) => (values[t * axes + a] = v)))
  const audio =
    axes === 1 && header.axes[0]!.name.toLowerCase() === 'audio' && values.every((v) => v >= -1 && v <= 1)
  if (audio) values = quantizeToPcm16(values)
  return {
    kind: audio ? 'audio' : 'timeseries',
    ...(rows[0]!.label === undefined ? {} : { label: rows[0]!.label }),
    rateHz,
    axes: header.axes,
    length: rows.length,
    source: file,
    values,
  }
}

/** One sample as CSV text (see the module comment); values in their shortest exact float32 form. */
export function writeCsv(sample: Sample): string {
  const { meta, values } = sample
  const axes = meta.axes.length
  const head = ['timestamp', ...meta.axes.map((a) => csvField(a.unit ? `${a.name} (${a.unit})` : a.name))]
  const lines = [head.join(',')]
  for (let t = 0; t < meta.length; t++) {
    const row = [String((t * 1000) / meta.rateHz)]
    for (let a = 0; a < axes; a++) row.push(formatFloat32(values[t * axes + a]!))
    lines.push(row.join(','))
  }
  return lines.join('\n') + '\n'
}
