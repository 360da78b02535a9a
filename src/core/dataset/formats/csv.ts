import type { Sample } from '../sample'
import { importFailure, notSampleData } from '../errors'
import { formatFloat32, normalizeRateHz, parseDecimal } from '../float-text'
import { quantizeToPcm16 } from '../pcm'
import { MAX_FRAMES, checkLabel, checkLength, checkRate } from '../sample-limits'
import { checkHeader, readHeader, type CsvHeader } from './csv-header'
import { csvField, splitFields } from './csv-text'
import type { EmitSample, FileFacts, ParsedSample, SampleBody, SampleFileReader } from './parsed-sample'
import { TextLines } from './text-lines'

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

/** The lines of the longest run so far: the file's rate is measured on them. */
interface Span {
  readonly frames: number
  readonly first: { line: number; timeMs: number | undefined }
  readonly last: { line: number; timeMs: number | undefined }
}

/** The rows of one sample being read: values grow by doubling, so memory holds one sample. */
class Run {
  values: Float32Array
  frames = 0
  inAudioRange = true
  first: { line: number; timeMs: number | undefined } | undefined
  last: { line: number; timeMs: number | undefined } | undefined

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
    this.frames++
    this.first ??= { line, timeMs }
    this.last = { line, timeMs }
  }
}

/** Reads sample CSV line by line (`TextLines` gives the lines), emitting each sample when its rows end. */
export class CsvSampleReader implements SampleFileReader {
  private readonly lines: TextLines
  private header: CsvHeader | undefined
  private run: Run | undefined
  private longest: Span | undefined
  private row = new Float64Array(0)

  constructor(
    private readonly file: string,
    private readonly options: CsvReadOptions,
    private readonly emit: EmitSample,
  ) {
    this.lines = new TextLines(file, (line, text) => this.line(line, text))
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk)
  }

  /** Also for text already decoded (`readCsv`). */
  line(line: number, text: string): void {
    if (text.trim() === '') return
    const fields = splitFields(text)
    if (this.header === undefined) {
      this.header = readHeader(this.file, line, fields)
      this.row = new Float64Array(this.header.axisColumns.length)
      return
    }
    const failure = this.readRow(line, fields, this.header)
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
  private readRow(line: number, fields: readonly string[], header: CsvHeader): string | undefined {
    if (fields.length !== header.width)
      return `the row has ${fields.length} fields but the header names ${header.width}`
    for (let a = 0; a < header.axisColumns.length; a++) {
      const text = fields[header.axisColumns[a]!]!
      const v = parseDecimal(text)
      if (v === undefined) return `the value of ${header.axes[a]!.name} "${text}" is not a number`
      this.row[a] = v
    }
    let timeMs: number | undefined
    if (header.timeColumn !== undefined) {
      const t = parseDecimal(fields[header.timeColumn]!)
      if (t === undefined) return `the timestamp "${fields[header.timeColumn]}" is not a number`
      timeMs = t * header.timeScaleMs
    }
    const label = header.labelColumn === undefined ? undefined : fields[header.labelColumn]!
    if (this.run === undefined) checkHeader(this.file, header)
    if (this.run === undefined || this.run.label !== label) this.startRun(line, label)
    const run = this.run!
    const previous = run.last?.timeMs
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
    checkLength(this.file, `line ${run.last!.line}`, run.frames, 'the sample has')
    const span: Span = { frames: run.frames, first: run.first!, last: run.last! }
    if (this.longest === undefined || span.frames > this.longest.frames) this.longest = span
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
      values: audio ? quantizeToPcm16(values) : values,
    }
  }

  /** One rate for the file: from the timestamps of its longest run, or the options. */
  private fileRate(longest: Span): number {
    const { first, last, frames } = longest
    if (first.timeMs === undefined || frames < 2) {
      if (this.options.rateHz !== undefined) return normalizeRateHz(this.options.rateHz)
      const why = first.timeMs === undefined ? 'has no timestamp column' : 'has one row per sample'
      throw importFailure(
        this.file,
        undefined,
        `the file ${why}, so its rate is unknown; give the rate (--rate) to import it`,
      )
    }
    const rateHz = normalizeRateHz((1000 * (frames - 1)) / (last.timeMs! - first.timeMs))
    checkRate(this.file, `lines ${first.line}–${last.line}`, rateHz, 'the timestamps give')
    return rateHz
  }
}

/** Every sample in a CSV text, with the file's rate (for text in memory; imports stream with the reader). */
export function readCsv(file: string, text: string, options: CsvReadOptions = {}): ParsedSample[] {
  const bodies: SampleBody[] = []
  const reader = new CsvSampleReader(file, options, (s) => bodies.push(s))
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n')
  lines.forEach((line, i) => reader.line(i + 1, line.endsWith('\r') ? line.slice(0, -1) : line))
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
