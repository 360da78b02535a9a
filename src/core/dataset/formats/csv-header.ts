import type { AxisInfo } from '../sample'
import { importFailure, notSampleData } from '../errors'
import { checkAxes } from '../sample-limits'

/** The columns of a sample CSV, from its header line. */
export interface CsvHeader {
  readonly line: number
  readonly timeColumn: number | undefined
  /** 1 for milliseconds (`timestamp`, `time`, `…_ms`), 1000 for seconds (`…_s`). */
  readonly timeScaleMs: number
  readonly labelColumn: number | undefined
  readonly axisColumns: readonly number[]
  readonly axes: readonly AxisInfo[]
  /** Fields per row. */
  readonly width: number
}

/**
 * Reads the header's columns. A header without value columns is not sample data. The names themselves are
 * checked later (`checkHeader`), once a row of numbers shows that this is a sample file at all: a stray
 * spreadsheet with 80 text columns is skipped as not sample data, not refused for having too many axes.
 */
export function readHeader(file: string, line: number, names: readonly string[]): CsvHeader {
  const lower = names.map((n) => n.toLowerCase())
  const timeColumn = lower.findIndex((n) => /^(timestamp|time)(_ms|_s)?$/.test(n))
  const labelColumn = lower.indexOf('label')
  const axisColumns = names.map((_, i) => i).filter((i) => i !== timeColumn && i !== labelColumn)
  if (axisColumns.length === 0) throw notSampleData(file, `line ${line}`, 'the header names no value columns')
  const axes = axisColumns.map((i) => {
    const m = /^(.*\S)\s+\(([^()]*)\)$/.exec(names[i]!)
    return m ? { name: m[1]!, unit: m[2]! } : { name: names[i]!, unit: '' }
  })
  return {
    line,
    timeColumn: timeColumn < 0 ? undefined : timeColumn,
    timeScaleMs: timeColumn >= 0 && lower[timeColumn]!.endsWith('_s') ? 1000 : 1,
    labelColumn: labelColumn < 0 ? undefined : labelColumn,
    axisColumns,
    axes,
    width: names.length,
  }
}

/** The axis names and units against the limits of a sample, with the header's line and column named. */
export function checkHeader(file: string, header: CsvHeader): void {
  const where = `line ${header.line}`
  const empty = header.axes.findIndex((a) => a.name === '')
  if (empty >= 0)
    throw importFailure(file, where, `column ${header.axisColumns[empty]! + 1} of the header has no name`)
  checkAxes(file, where, header.axes, {
    all: (n) => `the header names ${n} value columns`,
    one: (axis) => `column ${header.axisColumns[axis]! + 1}`,
  })
}
