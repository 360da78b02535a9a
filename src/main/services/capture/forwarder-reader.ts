import { type MoteFailure } from '../../../shared/errors'
import type { StreamStats } from '../../../shared/api/capture'
import { defaultAxes, type CaptureReader, type FrameListener, type StreamDescription } from './capture-reader'
import { ForwarderLineParser, type RejectReason } from './forwarder-line-parser'
import { RateEstimator, modalCount, snapRateHz } from './rate-estimator'

export interface ForwarderOptions {
  /** Listen at least this long before deciding axes and rate (≥ 1000 ms). */
  readonly detectMs: number
  /** …and to at least this many good lines (default 8: at 2 Hz that is 3.5 s of intervals). */
  readonly minLines?: number
  /** When the port was opened (the clock of `push`); lines in the first `settleMs` are a backlog. */
  readonly openedMs: number
  readonly settleMs?: number
  readonly onFrames: FrameListener
}

const EXAMPLES_KEPT = 5

/**
 * The data forwarder (DESIGN.md §5): axis count = the value count of most lines, rate = the slope of line
 * arrivals (`RateEstimator`), both from at least `detectMs` of lines after the first (partial) one, and only once those lines are more than
 * half of all the lines that arrived. While
 * recording, only lines with that value count are kept; the rest are counted with their reason (lines
 * with another count seen during detection are added to the count once it is known).
 */
export class ForwarderReader implements CaptureReader {
  readonly protocol = 'forwarder' as const
  readonly failure: MoteFailure | undefined = undefined
  description: StreamDescription | undefined
  private readonly parser: ForwarderLineParser
  private readonly countsSeen = new Map<number, number>()
  private readonly estimators = new Map<number, RateEstimator>()
  private recording = false
  private now = 0
  private firstLineMs: number | undefined
  private openedMs: number
  private rejected = 0
  private readonly examples: string[] = []
  private example: string | undefined
  private readonly frame = new Float64Array(64)

  constructor(private readonly options: ForwarderOptions) {
    this.openedMs = options.openedMs
    this.parser = new ForwarderLineParser({
      onValues: (values, count) => this.onLine(values, count),
      onRejected: (reason, text) => this.onRejected(reason, text),
    })
  }

  push(chunk: Uint8Array, atMs: number): void {
    this.now = atMs
    this.parser.push(chunk)
    if (this.description === undefined) this.tryDescribe()
  }

  private onLine(values: Float64Array, count: number): void {
    // Lines the OS buffered before the port was opened arrive in one burst: they say nothing of the rate.
    if (!this.recording && this.now - this.openedMs < (this.options.settleMs ?? 300)) return
    this.firstLineMs ??= this.now
    this.countsSeen.set(count, (this.countsSeen.get(count) ?? 0) + 1)
    let estimator = this.estimators.get(count)
    if (!estimator) this.estimators.set(count, (estimator = new RateEstimator()))
    estimator.add(this.now)
    if (this.description === undefined && this.example === undefined) this.example = formatLine(values, count)
    if (this.recording) {
      this.frame.set(values.subarray(0, count))
      this.options.onFrames(this.frame, 1)
    }
  }

  private onRejected(reason: RejectReason, text: string): void {
    this.rejected++
    if (this.examples.length < EXAMPLES_KEPT) this.examples.push(`${reason}: ${text}`)
  }

  private tryDescribe(): void {
    if (this.firstLineMs === undefined || this.now - this.firstLineMs < this.options.detectMs) return
    const axisCount = modalCount(this.countsSeen)
    const estimator = axisCount === undefined ? undefined : this.estimators.get(axisCount)
    if (axisCount === undefined || !estimator || estimator.lines < (this.options.minLines ?? 8)) return
    // Data must be most of what arrives: a stream that is half text is not one sample per line.
    if (estimator.lines * 2 <= estimator.lines + this.otherLines(axisCount) + this.rejected) return
    const rate = estimator.rateHz()
    if (rate === undefined) return
    this.parser.expectedCount = axisCount
    for (const [count, lines] of this.countsSeen) if (count !== axisCount) this.rejected += lines
    this.description = {
      protocol: 'forwarder',
      axisCount,
      rateHz: snapRateHz(rate),
      measuredRateHz: rate,
      axes: defaultAxes(axisCount),
      ...(this.example === undefined ? {} : { exampleLine: this.example }),
    }
  }

  private otherLines(axisCount: number): number {
    let n = 0
    for (const [count, lines] of this.countsSeen) if (count !== axisCount) n += lines
    return n
  }

  async beginRecording(): Promise<void> {
    this.recording = true
  }

  async endRecording(): Promise<void> {
    this.recording = false
    this.parser.end()
  }

  stats(): StreamStats {
    return {
      rejectedLines: this.rejected,
      rejectedExamples: [...this.examples],
      corruptFrames: 0,
      lostSamples: 0,
    }
  }

  finalRateHz(): number {
    const axisCount = this.description?.axisCount
    const measured = axisCount === undefined ? undefined : this.estimators.get(axisCount)?.rateHz()
    return measured === undefined ? (this.description?.rateHz ?? 0) : snapRateHz(measured)
  }
}

function formatLine(values: Float64Array, count: number): string {
  return Array.from(values.subarray(0, count)).join(',')
}
