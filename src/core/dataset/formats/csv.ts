import type { Sample } from '../sample'
import { importFailure, notSampleData } from '../errors'
import { formatFloat32, normalizeRateHz } from '../float-text'
import { quantizeToPcm16InPlace } from '../pcm'
import { MAX_FRAMES, checkLabel, checkLength, checkRate } from '../sample-limits'
import { checkHeader, readHeader, type CsvHeader } from './csv-header'
import { csvField, splitFields } from './csv-text'
import type { EmitSample, FileFacts, ParsedSample, SampleBody, SampleFileReader } from './parsed-sample'
import { ByteLines } from './byte-lines'
import { CsvFields } from './csv-fields'
import { decodeUtf8, encodeUtf8 } from '../../util/text-codecs'

/**
 * Samples as CSV, compatible with Edge Impulse's CSV import: a header `timestamp,<axis>,…` and one row per
 * frame, the timestamp in milliseconds from the start. An axis with a unit is written `name (unit)`.
 * - One file per sample: the rate comes from the timestamps (`1000·(n−1) / (t_last − t_first)`, to 9
 *   significant digits); a file without a timestamp column needs the rate from the import options.
 * - One long file with a `label` column: each run of consecutive rows with the same label is one sample, and
 *   the file's rate comes from its longest run.
 * - `time_s`/`timestamp_s` headers are read as seconds.
 * - One axis named `audio` with every value in [−1, 1] makes an audio sample (rounded to the 16-bit grid).
 * A file whose header names no value columns, or whose first row is not numbers, is not sample data.
 */
export interface CsvReadOptions {
  readonly rateHz?: number
}

/** Where a run of rows starts and ends (the file's rate is measured on its longest run). */
interface Span {
  readonly frames: number
  readonly firstLine: number
  readonly lastLine: number
  readonly firstTimeMs: number | undefined
  readonly lastTimeMs: number | undefined
}

/** The rows of one sample being read: values grow by doubling, so memory holds one sample. */
class Run implements Span {
  values: Float32Array
  frames = 0
  inAudioRange = true
  firstLine = 0
  lastLine = 0
  firstTimeMs: number | undefined
  lastTimeMs: number | undefined

  constructor(
    readonly label: string | undefined,
    readonly axes: number,
  ) {
    this.values = new Float32Array(256 * axes)
  }

  add(line: number, timeMs: number | undefined, row: Float64Array): void {
    if (this.values.length < (this.frames + 1) * this.axes) {
      const bigger = new Float32Array(this.values.length * 2)
      bigger.set(this.values)
      this.values = bigger
    }
    const at = this.frames * this.axes
    for (let a = 0; a < this.axes; a++) {
      const v = row[a]!
      this.values[at + a] = v
      if (v < -1 || v > 1) this.inAudioRange = false
    }
    if (this.frames++ === 0) {
      this.firstLine = line
      this.firstTimeMs = timeMs
    }
    this.lastLine = line
    this.lastTimeMs = timeMs
  }
}

/** Reads sample CSV line by line (`ByteLines` gives the lines), emitting each sample when its rows end. */
export class CsvSampleReader implements SampleFileReader {
  private readonly lines: ByteLines
  private readonly fields = new CsvFields()
  private header: CsvHeader | undefined
  private run: Run | undefined
  private longest: Span | undefined
  private row = new Float64Array(0)

  constructor(
    private readonly file: string,
    private readonly options: CsvReadOptions,
    private readonly emit: EmitSample,
  ) {
    this.lines = new ByteLines(file, (line, bytes, from, to) => this.line(line, bytes, from, to))
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk)
  }

  private line(line: number, bytes: Uint8Array, from: number, to: number): void {
    if (isBlank(bytes, from, to)) return
    if (this.header === undefined) {
      this.header = readHeader(this.file, line, splitFields(decodeUtf8(bytes.subarray(from, to))))
      this.row = new Float64Array(this.header.axisColumns.length)
      return
    }
    this.fields.read(bytes, from, to)
    const failure = this.readRow(line, this.fields, this.header)
    if (failure === undefined) return
    // Until one row has read, the file may be anything with a .csv name: a table of file names, a summary.
    if (this.run === undefined) throw notSampleData(this.file, `line ${line}`, failure)
    throw importFailure(this.file, `line ${line}`, failure)
  }

  end(): FileFacts {
    this.lines.end()
    if (this.header === undefined) throw notSampleData(this.file, 'line 1', 'the file is empty')
    if (this.run === undefined)
      throw notSampleData(this.file, `line ${this.header.line + 1}`, 'the file has a header but no rows')
    this.finishRun()
    return { rateHz: this.fileRate(this.longest!) }
  }

  /** Reads one row into the current run; returns why it cannot be read. */
  private readRow(line: number, fields: CsvFields, header: CsvHeader): string | undefined {
    if (fields.count !== header.width)
      return `the row has ${fields.count} fields but the header names ${header.width}`
    for (let a = 0; a < header.axisColumns.length; a++) {
      const v = fields.number(header.axisColumns[a]!)
      if (v === undefined)
        return `the value of ${header.axes[a]!.name} "${fields.text(header.axisColumns[a]!)}" is not a number`
      this.row[a] = v
    }
    let timeMs: number | undefined
    if (header.timeColumn !== undefined) {
      const t = fields.number(header.timeColumn)
      if (t === undefined) return `the timestamp "${fields.text(header.timeColumn)}" is not a number`
      timeMs = t * header.timeScaleMs
    }
    if (this.run === undefined) checkHeader(this.file, header)
    const labels = header.labelColumn
    if (this.run === undefined || (labels !== undefined && !fields.is(labels, this.run.label!)))
      this.startRun(line, labels === undefined ? undefined : fields.text(labels))
    const run = this.run!
    const previous = run.frames > 0 ? run.lastTimeMs : undefined
    if (timeMs !== undefined && previous !== undefined && !(timeMs > previous))
      return 'the timestamp does not increase'
    if (run.frames >= MAX_FRAMES) checkLength(this.file, `line ${line}`, run.frames + 1, 'the sample reaches')
    run.add(line, timeMs, this.row)
    return undefined
  }

  private startRun(line: number, label: string | undefined): void {
    if (this.run !== undefined) this.finishRun()
    if (label !== undefined) checkLabel(this.file, `line ${line}`, label, 'the label')
    this.run = new Run(label, this.header!.axes.length)
  }

  private finishRun(): void {
    const run = this.run!
    checkLength(this.file, `line ${run.lastLine}`, run.frames, 'the sample has')
    if (this.longest === undefined || run.frames > this.longest.frames) this.longest = { ...run }
    this.emit(this.sampleOf(run))
  }

  private sampleOf(run: Run): SampleBody {
    const axes = this.header!.axes
    const audio = axes.length === 1 && axes[0]!.name.toLowerCase() === 'audio' && run.inAudioRange
    const values = run.values.slice(0, run.frames * axes.length)
    return {
      kind: audio ? 'audio' : 'timeseries',
      ...(run.label === undefined ? {} : { label: run.label.trim() }),
      axes,
      length: run.frames,
      source: this.file,
      values: audio ? quantizeToPcm16InPlace(values) : values,
    }
  }

  /** One rate for the file: from the timestamps of its longest run, or the options. */
  private fileRate(longest: Span): number {
    const { firstTimeMs, lastTimeMs, frames } = longest
    if (firstTimeMs === undefined || lastTimeMs === undefined || frames < 2) {
      if (this.options.rateHz !== undefined) return normalizeRateHz(this.options.rateHz)
      const why = firstTimeMs === undefined ? 'has no timestamp column' : 'has one row per sample'
      throw importFailure(
        this.file,
        undefined,
        `the file ${why}, so its rate is unknown; give the rate (--rate) to import it`,
      )
    }
    const rateHz = normalizeRateHz((1000 * (frames - 1)) / (lastTimeMs - firstTimeMs))
    checkRate(this.file, `lines ${longest.firstLine}–${longest.lastLine}`, rateHz, 'the timestamps give')
    return rateHz
  }
}

/** Every sample in a CSV text, with the file's rate (for text in memory; imports stream with the reader). */
export function readCsv(file: string, text: string, options: CsvReadOptions = {}): ParsedSample[] {
  const bodies: SampleBody[] = []
  const reader = new CsvSampleReader(file, options, (s) => bodies.push(s))
  reader.push(encodeUtf8(text))
  const { rateHz } = reader.end()
  return bodies.map((b) => ({ ...b, rateHz: b.rateHz ?? rateHz! }))
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

/** A line of nothing but white space (or nothing) is skipped. */
export function isBlank(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = bytes[i]!
    if (b >= 0x80) return decodeUtf8(bytes.subarray(from, to)).trim() === ''
    if (b !== 32 && (b < 9 || b > 13)) return false
  }
  return true
}
