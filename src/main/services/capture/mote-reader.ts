import { CaptureErrorCode, type MoteBoardInfo, type StreamStats } from '../../../shared/api/capture'
import { MoteFailure } from '../../../shared/errors'
import { normalizeRateHz } from '../../../core/dataset/float-text'
import type { CaptureReader, FrameListener, StreamDescription } from './capture-reader'
import { FrameDecoder, encodeFrame } from './mote-protocol/frames'
import {
  MessageType,
  PROTOCOL_VERSION,
  parseBoardError,
  parseHello,
  parseSamples,
  parseStarted,
  startPayload,
  type Hello,
} from './mote-protocol/messages'

export interface MoteReaderOptions {
  readonly rateHz: number
  /** Channel indices; default all the board has. */
  readonly channels?: readonly number[]
  readonly onFrames: FrameListener
}

/**
 * The host side of the Mote protocol for capture: waits for Hello (asking with HelloRequest), sends Start
 * with the rate and channel mask at `beginRecording`, turns Samples frames into values (`raw · scale +
 * offset` per channel) and counts gaps in the sample index as lost samples, sends Stop at the end.
 */
export class MoteReader implements CaptureReader {
  readonly protocol = 'mote' as const
  readonly poll = Uint8Array.from([0, ...encodeFrame(MessageType.HelloRequest)])
  description: StreamDescription | undefined
  failure: MoteFailure | undefined
  private readonly decoder: FrameDecoder
  private hello: Hello | undefined
  private selected: number[] = []
  private rateHz = 0
  private started = false
  private nextIndex = 0
  private corrupt = 0
  private lost = 0
  private values = new Float64Array(0)

  constructor(private readonly options: MoteReaderOptions) {
    this.decoder = new FrameDecoder({
      onFrame: (type, payload) => this.onFrame(type, payload),
      onFault: () => this.corrupt++,
    })
  }

  push(chunk: Uint8Array): void {
    this.decoder.push(chunk)
  }

  private onFrame(type: number, payload: Uint8Array): void {
    if (type === MessageType.Hello && this.hello === undefined) this.onHello(payload)
    else if (type === MessageType.Started) this.onStarted(payload)
    else if (type === MessageType.Samples && this.started) this.onSamples(payload)
    else if (type === MessageType.Error) {
      const error = parseBoardError(payload)
      this.failure ??= new MoteFailure(
        CaptureErrorCode.BoardError,
        `The board reported an error: ${error?.message ?? 'unreadable error message'} (code ${error?.code ?? '?'}).`,
      )
    }
  }

  private onHello(payload: Uint8Array): void {
    const hello = parseHello(payload)
    if (hello === undefined) return void this.corrupt++
    if (hello.protocolVersion > PROTOCOL_VERSION) {
      this.failure = new MoteFailure(
        CaptureErrorCode.ProtocolTooNew,
        `The board's firmware speaks Mote protocol ${hello.protocolVersion}, newer than this Mote Studio (${PROTOCOL_VERSION}). Update Mote Studio or reinstall the capture firmware.`,
      )
      return
    }
    const wanted = this.options.channels ?? hello.channels.map((_, i) => i)
    const missing = wanted.filter((c) => c >= hello.channels.length)
    if (missing.length > 0 || this.options.rateHz > hello.maxRateHz) {
      this.failure = new MoteFailure(
        CaptureErrorCode.InvalidRequest,
        missing.length > 0
          ? `The board has ${hello.channels.length} channels; channel ${missing[0]} does not exist. Pick channels 0–${hello.channels.length - 1}.`
          : `The board samples at most ${hello.maxRateHz} Hz; ask for ${hello.maxRateHz} Hz or less.`,
      )
      return
    }
    this.hello = hello
    this.selected = [...wanted].sort((a, b) => a - b)
    this.values = new Float64Array(this.selected.length * 255)
    this.description = {
      protocol: 'mote',
      axisCount: this.selected.length,
      rateHz: normalizeRateHz(this.options.rateHz),
      axes: this.selected.map((c) => ({ name: hello.channels[c]!.name, unit: hello.channels[c]!.unit })),
      board: boardInfo(hello),
    }
  }

  private onStarted(payload: Uint8Array): void {
    const started = parseStarted(payload)
    if (started === undefined) return void this.corrupt++
    this.rateHz = normalizeRateHz(started.timerClockHz / started.periodTicks)
  }

  private onSamples(payload: Uint8Array): void {
    const channels = this.selected.length
    const frame = parseSamples(payload, channels)
    if (frame === undefined) return void this.corrupt++
    if (frame.firstIndex < this.nextIndex) return // a repeat: never store a sample twice
    this.lost += frame.firstIndex - this.nextIndex
    this.nextIndex = frame.firstIndex + frame.count
    const info = this.hello!.channels
    for (let i = 0; i < frame.raw.length; i++) {
      const ch = info[this.selected[i % channels]!]!
      this.values[i] = frame.raw[i]! * ch.scale + ch.offset
    }
    this.options.onFrames(this.values, frame.count)
  }

  async beginRecording(write: (bytes: Uint8Array) => Promise<void>): Promise<void> {
    const mask = this.selected.reduce((m, c) => m | (1 << c), 0)
    // Samples are accepted from now on, even if the Started reply is lost (its rate is then the one asked).
    this.started = true
    await write(encodeFrame(MessageType.Start, startPayload(this.options.rateHz, mask)))
  }

  async endRecording(write: (bytes: Uint8Array) => Promise<void>): Promise<void> {
    this.started = false
    await write(encodeFrame(MessageType.Stop)).catch(() => undefined)
  }

  stats(): StreamStats {
    return { rejectedLines: 0, rejectedExamples: [], corruptFrames: this.corrupt, lostSamples: this.lost }
  }

  finalRateHz(): number {
    return this.rateHz || (this.description?.rateHz ?? 0)
  }
}

function boardInfo(hello: Hello): MoteBoardInfo {
  return {
    boardId: hello.boardId,
    firmwareName: hello.firmwareName,
    firmwareVersion: hello.firmwareVersion,
    protocolVersion: hello.protocolVersion,
    maxRateHz: hello.maxRateHz,
    channels: hello.channels.map((c) => ({ name: c.name, unit: c.unit })),
  }
}
