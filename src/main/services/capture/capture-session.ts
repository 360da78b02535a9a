import type { AxisInfo, DesignMismatch, NewSample, SampleMeta } from '../../../shared/api/dataset'
import {
  CaptureErrorCode,
  type CaptureData,
  type CaptureRequest,
  type CaptureStatus,
} from '../../../shared/api/capture'
import { MoteFailure, toMoteError } from '../../../shared/errors'
import type { Disposable } from '../../../shared/events'
import type { CaptureReader } from './capture-reader'
import { FrameBuffer } from './frame-buffer'
import { detectionFailure, recordedSample } from './session-outcomes'
import { ForwarderReader } from './forwarder-reader'
import { MoteReader } from './mote-reader'
import type { ByteStream, StreamOpener } from './serial-stream'
import type { Clock, TimerHandle } from '../system/clock'

export interface SessionDeps {
  readonly open: StreamOpener
  /** Monotonic time for rates and silences, wall time for the status the UI shows, and the tick timer. */
  readonly clock: Clock
  readonly save: (sample: NewSample) => Promise<SampleMeta>
  /** How the saved sample differs from the project's design, if it does (checked right after saving). */
  readonly checkDesign?: (meta: SampleMeta) => Promise<DesignMismatch | null>
  /** Axis names remembered for a device, if any. */
  readonly rememberedAxes: (serialNumber: string) => Promise<readonly AxisInfo[] | undefined>
  readonly onStatus: (status: CaptureStatus) => void
  readonly onData: (data: CaptureData) => void
  readonly timing?: Partial<SessionTiming>
}

export interface SessionTiming {
  /** Data-forwarder detection: at least this long (ms) of lines. */
  readonly detectMs: number
  /** Give up detecting after this long. */
  readonly detectTimeoutMs: number
  /** A recording with no new frame for this long ends as truncated. */
  readonly silenceMs: number
  readonly tickMs: number
  readonly pollMs: number
}

const DEFAULT_TIMING: SessionTiming = {
  detectMs: 2000,
  detectTimeoutMs: 8000,
  silenceMs: 3000,
  tickMs: 50,
  pollMs: 400,
}

type Ending = 'complete' | 'stopped' | 'unplugged' | 'silent' | 'cancelled'

/**
 * One recording on one port (the state machine behind CaptureService): open → detect the protocol, axes
 * and rate → count down → record `seconds · rate` frames → save the sample at once. A port that closes
 * while recording (a board unplugged) or falls silent ends the recording early and keeps every frame that
 * arrived, marked `truncated`. `probe` mode stops after detection.
 */
export class CaptureSession {
  status: CaptureStatus
  readonly finished: Promise<CaptureStatus>
  private resolveFinished: (s: CaptureStatus) => void = () => undefined
  private stream: ByteStream | undefined
  private readonly subscriptions: Disposable[] = []
  private readers: CaptureReader[] = []
  private reader: CaptureReader | undefined
  private buffer: FrameBuffer | undefined
  private timer: TimerHandle | undefined
  private openedAt = 0
  private lastPollAt = -Infinity
  private lastFrameAt = 0
  private lastStatusAt = 0
  private ending = false
  private readonly timing: SessionTiming

  constructor(
    id: string,
    readonly request: CaptureRequest,
    private readonly deps: SessionDeps,
    private readonly probeOnly = false,
  ) {
    this.timing = { ...DEFAULT_TIMING, ...deps.timing }
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve))
    this.status = {
      id,
      phase: 'opening',
      portPath: request.portPath,
      label: request.label,
      seconds: request.seconds,
      framesRecorded: 0,
      startedAt: deps.clock.wallNow(),
      rejectedLines: 0,
      rejectedExamples: [],
      corruptFrames: 0,
      lostSamples: 0,
    }
  }

  /** Opens the port and starts detecting; rejects with `OpenFailed` when the port cannot be opened. */
  async open(): Promise<void> {
    try {
      this.stream = await this.deps.open(this.request.portPath, this.request.baudRate)
    } catch (error) {
      const failure = new MoteFailure(
        CaptureErrorCode.OpenFailed,
        `${this.request.portPath} cannot be opened: ${(error as Error).message}. Check that the board is plugged in and that no other program (a serial monitor) holds the port.`,
      )
      this.update({ phase: 'failed', error: failure.toError(), endedAt: this.deps.clock.wallNow() })
      this.resolveFinished(this.status)
      throw failure
    }
    this.openedAt = this.deps.clock.now()
    const onFrames = (values: ArrayLike<number>, frames: number) => this.onFrames(values, frames)
    const protocol = this.request.protocol ?? 'auto'
    const rateHz = this.request.rateHz ?? 100
    if (protocol !== 'forwarder')
      this.readers.push(
        new MoteReader({
          rateHz,
          onFrames,
          ...(this.request.channels ? { channels: this.request.channels } : {}),
        }),
      )
    if (protocol !== 'mote')
      this.readers.push(
        new ForwarderReader({ detectMs: this.timing.detectMs, onFrames, openedMs: this.openedAt }),
      )
    this.subscriptions.push(
      this.stream.onData((chunk) => this.onChunk(chunk)),
      this.stream.onClose((error) => void this.onClosed(error)),
    )
    this.update({ phase: 'detecting' })
    this.timer = this.deps.clock.setInterval(() => void this.tick(), this.timing.tickMs)
  }

  stop(): Promise<CaptureStatus> {
    if (this.status.phase === 'recording') void this.end('stopped')
    else void this.end('cancelled')
    return this.finished
  }

  cancel(): Promise<CaptureStatus> {
    void this.end('cancelled')
    return this.finished
  }

  private onChunk(chunk: Uint8Array): void {
    const at = this.deps.clock.now()
    for (const reader of this.reader ? [this.reader] : this.readers) reader.push(chunk, at)
  }

  private onFrames(values: ArrayLike<number>, frames: number): void {
    if (!this.buffer || this.status.phase !== 'recording') return
    this.buffer.append(values, frames)
    this.lastFrameAt = this.deps.clock.now()
  }

  private async tick(): Promise<void> {
    if (this.ending) return
    const phase = this.status.phase
    if (phase === 'detecting') await this.detect()
    else if (phase === 'countdown' && this.deps.clock.wallNow() >= (this.status.recordingStartsAt ?? 0))
      await this.begin()
    else if (phase === 'recording') this.record()
  }

  private async detect(): Promise<void> {
    const failed = this.readers.find((r) => r.failure)
    if (failed?.failure) return this.fail(failed.failure)
    const chosen = this.readers.find((r) => r.description) // Mote first: its Hello is unambiguous
    const elapsed = this.deps.clock.now() - this.openedAt
    if (!chosen) {
      const poller = this.readers.find((r) => r.poll)
      if (poller?.poll && this.deps.clock.now() - this.lastPollAt >= this.timing.pollMs) {
        this.lastPollAt = this.deps.clock.now()
        await this.stream?.write(poller.poll).catch(() => undefined)
      }
      if (elapsed > this.timing.detectTimeoutMs)
        this.fail(detectionFailure(this.readers, this.request.portPath, this.timing.detectTimeoutMs))
      return
    }
    this.reader = chosen
    const d = chosen.description!
    const axes = await this.resolveAxes(d.axes)
    const framesExpected = Math.max(1, Math.round(this.request.seconds * d.rateHz))
    // Room for the rate to be re-measured upwards; the stop condition is checked against the estimate.
    this.buffer = new FrameBuffer(d.axisCount, Math.ceil(framesExpected * 1.1) + 100)
    const startsAt = Math.max(
      this.deps.clock.wallNow(),
      this.status.startedAt + (this.request.countdownMs ?? 3000),
    )
    this.update({
      phase: this.probeOnly ? 'done' : 'countdown',
      protocol: d.protocol,
      rateHz: d.rateHz,
      ...(d.measuredRateHz === undefined ? {} : { measuredRateHz: d.measuredRateHz }),
      axes,
      ...(d.board ? { board: d.board } : {}),
      framesExpected,
      recordingStartsAt: startsAt,
      ...chosen.stats(),
    })
    if (this.probeOnly) {
      this.ending = true
      await this.close()
      this.resolveFinished(this.status)
    }
  }

  private async resolveAxes(fromStream: readonly AxisInfo[]): Promise<readonly AxisInfo[]> {
    const count = fromStream.length
    if (this.request.axes?.length === count) return this.request.axes
    const serial = this.request.serialNumber
    const remembered = serial === undefined ? undefined : await this.deps.rememberedAxes(serial)
    return remembered?.length === count ? remembered : fromStream
  }

  private async begin(): Promise<void> {
    this.lastFrameAt = this.deps.clock.now()
    this.update({ phase: 'recording' })
    await this.reader!.beginRecording((bytes) => this.stream!.write(bytes))
  }

  private record(): void {
    const live = this.buffer!.takeLive()
    if (live)
      this.deps.onData({
        captureId: this.status.id,
        firstFrame: live.firstFrame,
        axisCount: this.buffer!.axisCount,
        values: live.values,
      })
    const now = this.deps.clock.now()
    if (now - this.lastStatusAt > 250) {
      this.lastStatusAt = now
      this.update({ framesRecorded: this.buffer!.length, ...this.reader!.stats() })
    }
    // A data forwarder's rate is re-measured as lines arrive; the length follows the better estimate.
    const rateHz = this.reader!.finalRateHz()
    const target = Math.max(1, Math.round(this.request.seconds * rateHz))
    if (target !== this.status.framesExpected) this.update({ framesExpected: target, rateHz })
    if (this.buffer!.length >= target || this.buffer!.full) {
      this.buffer!.setLimit(Math.min(target, this.buffer!.length))
      void this.end('complete')
    } else if (now - this.lastFrameAt > this.timing.silenceMs) void this.end('silent')
  }

  private async onClosed(error?: Error): Promise<void> {
    if (this.ending) return
    const phase = this.status.phase
    if (phase === 'recording') return this.end('unplugged')
    const why = error ? ` (${error.message})` : ''
    this.fail(
      new MoteFailure(
        CaptureErrorCode.PortClosed,
        `${this.request.portPath} closed before recording began${why}. Plug the board back in and record again.`,
      ),
    )
  }

  private fail(failure: MoteFailure): void {
    if (this.ending) return
    this.ending = true
    void this.close().then(() => {
      this.update({ phase: 'failed', error: failure.toError(), endedAt: this.deps.clock.wallNow() })
      this.resolveFinished(this.status)
    })
  }

  private async end(ending: Ending): Promise<void> {
    if (this.ending) return
    this.ending = true
    const wasRecording = this.status.phase === 'recording'
    if (wasRecording && ending !== 'unplugged') await this.reader!.endRecording((b) => this.stream!.write(b))
    await this.close()
    if (ending === 'cancelled' || !wasRecording) {
      this.update({ phase: 'cancelled', endedAt: this.deps.clock.wallNow() })
      return this.resolveFinished(this.status)
    }
    this.record()
    await this.save(ending === 'unplugged' || ending === 'silent')
    this.resolveFinished(this.status)
  }

  private async save(truncated: boolean): Promise<void> {
    const buffer = this.buffer!
    const stats = this.reader!.stats()
    if (buffer.length === 0) {
      const failure = new MoteFailure(
        CaptureErrorCode.PortClosed,
        `No data arrived from ${this.request.portPath} after recording began, so nothing was saved. Check the board and record again.`,
      )
      return this.update({
        phase: 'failed',
        error: failure.toError(),
        endedAt: this.deps.clock.wallNow(),
        ...stats,
      })
    }
    this.update({ phase: 'saving', framesRecorded: buffer.length, ...stats })
    try {
      const meta = await this.deps.save(
        recordedSample(this.request, this.status, this.reader!.finalRateHz(), buffer, truncated),
      )
      const mismatch = await this.deps.checkDesign?.(meta).catch(() => null)
      this.update({
        phase: 'done',
        sample: meta,
        ...(mismatch ? { mismatch } : {}),
        ...(truncated ? { truncated } : {}),
        endedAt: this.deps.clock.wallNow(),
      })
    } catch (error) {
      this.update({ phase: 'failed', error: toMoteError(error), endedAt: this.deps.clock.wallNow() })
    }
  }

  private async close(): Promise<void> {
    if (this.timer) this.deps.clock.clear(this.timer)
    this.timer = undefined
    for (const s of this.subscriptions.splice(0)) s.dispose()
    await this.stream?.close().catch(() => undefined)
  }

  private update(change: Partial<CaptureStatus>): void {
    this.status = { ...this.status, ...change }
    this.deps.onStatus(this.status)
  }
}
