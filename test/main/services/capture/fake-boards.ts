import { Emitter } from '../../../../src/shared/events'
import type { ByteStream } from '../../../../src/main/services/capture/serial-stream'
import { FrameDecoder, encodeFrame } from '../../../../src/main/services/capture/mote-protocol/frames'
import {
  MessageType,
  helloPayload,
  type Hello,
} from '../../../../src/main/services/capture/mote-protocol/messages'

/** An in-memory serial port whose other end is a test's scripted board. */
export class FakeStream implements ByteStream {
  private readonly data = new Emitter<Uint8Array>()
  private readonly closed = new Emitter<Error | undefined>()
  isOpen = true
  readonly written: Uint8Array[] = []
  onWrite: (bytes: Uint8Array) => void = () => undefined

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.isOpen) throw new Error('closed')
    this.written.push(bytes)
    this.onWrite(bytes)
  }
  async close(): Promise<void> {
    if (!this.isOpen) return
    this.isOpen = false
    this.closed.fire(undefined)
  }
  onData = (listener: (chunk: Uint8Array) => void) => this.data.event(listener)
  onClose = (listener: (error?: Error) => void) => this.closed.event(listener)

  /** Bytes from the board. */
  send(bytes: Uint8Array | string): void {
    if (this.isOpen) this.data.fire(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes)
  }
  /** The board is unplugged: the OS closes the port with an error. */
  unplug(): void {
    this.isOpen = false
    this.closed.fire(new Error('device disconnected'))
  }
}

/** The value a scripted board sends for sample `k`, channel `c`: every raw value is distinct and known. */
export const rawValue = (k: number, c: number): number => (k * 37 + c * 101) % 1024

export const UNO_HELLO: Hello = {
  protocolVersion: 1,
  firmwareVersion: 0x0100,
  boardId: 'arduino-uno',
  firmwareName: 'mote-capture',
  maxRateHz: 2000,
  channels: ['A0', 'A1', 'A2', 'A3', 'A4', 'A5'].map((name) => ({
    name,
    unit: 'mV',
    scale: 4.8828125,
    offset: 0,
  })),
}

/**
 * A board speaking the Mote protocol over a FakeStream: answers HelloRequest, streams Samples frames on a
 * timer after Start (in frames of `samplesPerFrame`), and can drop or corrupt chosen frames.
 */
export class FakeMoteBoard {
  readonly stream = new FakeStream()
  private timer: ReturnType<typeof setInterval> | undefined
  private next = 0
  private frameNo = 0
  corruptFrames = new Set<number>()
  dropFrames = new Set<number>()

  constructor(
    private readonly hello: Hello = UNO_HELLO,
    private readonly samplesPerFrame = 5,
  ) {
    const decoder = new FrameDecoder({
      onFrame: (type, payload) => this.onFrame(type, payload),
      onFault: () => undefined,
    })
    this.stream.onWrite = (bytes) => decoder.push(bytes)
  }

  private onFrame(type: number, payload: Uint8Array): void {
    if (type === MessageType.HelloRequest)
      this.stream.send(encodeFrame(MessageType.Hello, helloPayload(this.hello)))
    if (type === MessageType.Start) this.start(payload)
    if (type === MessageType.Stop) this.stop()
  }

  private start(payload: Uint8Array): void {
    const view = new DataView(payload.buffer, payload.byteOffset)
    const rateHz = view.getUint32(0, true) / 1000
    const mask = view.getUint32(4, true)
    const channels = [...Array(this.hello.channels.length).keys()].filter((c) => mask & (1 << c))
    const started = new Uint8Array(13)
    const sv = new DataView(started.buffer)
    sv.setUint32(0, 250_000, true)
    sv.setUint32(4, Math.round(250_000 / rateHz), true)
    sv.setUint32(8, mask, true)
    started[12] = this.samplesPerFrame
    this.stream.send(encodeFrame(MessageType.Started, started))
    const t0 = performance.now()
    this.timer = setInterval(() => {
      const due = Math.floor(((performance.now() - t0) * rateHz) / 1000)
      while (this.next + this.samplesPerFrame <= due) this.sendFrame(channels)
    }, 5)
  }

  private sendFrame(channels: number[]): void {
    const n = this.samplesPerFrame
    const payload = new Uint8Array(5 + n * channels.length * 2)
    const v = new DataView(payload.buffer)
    v.setUint32(0, this.next, true)
    payload[4] = n
    for (let i = 0; i < n; i++)
      channels.forEach((c, j) =>
        v.setInt16(5 + (i * channels.length + j) * 2, rawValue(this.next + i, c), true),
      )
    const frame = encodeFrame(MessageType.Samples, payload)
    const no = this.frameNo++
    if (this.corruptFrames.has(no)) frame[3]! ^= 0x10
    if (!this.dropFrames.has(no)) this.stream.send(frame)
    this.next += n
  }

  stop(): void {
    clearInterval(this.timer)
  }
}

/** A data-forwarder board over a FakeStream: `lineOf(k)` printed at `rateHz` on a timer, optional banner. */
export class FakeForwarderBoard {
  readonly stream = new FakeStream()
  private readonly timer: ReturnType<typeof setInterval>
  sent = 0

  constructor(rateHz: number, lineOf: (k: number) => string, banner = '') {
    const t0 = performance.now()
    if (banner) setTimeout(() => this.stream.send(banner), 1)
    this.timer = setInterval(() => {
      const due = Math.floor(((performance.now() - t0) * rateHz) / 1000)
      let text = ''
      while (this.sent < due) text += lineOf(this.sent++)
      if (text) this.stream.send(text)
    }, 4)
  }

  stop(): void {
    clearInterval(this.timer)
  }
}
