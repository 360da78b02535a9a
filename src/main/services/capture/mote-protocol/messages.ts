/**
 * The messages of the Mote protocol, version 1 (docs/protocol.md has the byte layout). All integers are
 * little endian; strings are one length byte then UTF-8 (at most 63 bytes); floats are IEEE-754 binary32.
 */
export const PROTOCOL_VERSION = 1

export const MessageType = {
  Hello: 0x01,
  HelloRequest: 0x02,
  Start: 0x10,
  Started: 0x11,
  Stop: 0x12,
  Stopped: 0x13,
  Samples: 0x20,
  Error: 0x7f,
} as const

/** Error codes a board sends in an Error message. */
export const BoardErrorCode = {
  RateOutOfRange: 1,
  BadChannels: 2,
  UnknownMessage: 3,
  BadFrame: 4,
  NotStarted: 5,
} as const

export interface ChannelInfo {
  readonly name: string
  readonly unit: string
  /** value = raw · scale + offset */
  readonly scale: number
  readonly offset: number
}

export interface Hello {
  readonly protocolVersion: number
  readonly firmwareVersion: number
  readonly boardId: string
  readonly firmwareName: string
  /** The highest total rate the firmware promises, in samples per second per channel. */
  readonly maxRateHz: number
  readonly channels: readonly ChannelInfo[]
}

export interface Started {
  /** The sampling timer's clock and period: the exact rate is `timerClockHz / periodTicks`. */
  readonly timerClockHz: number
  readonly periodTicks: number
  readonly channelMask: number
  readonly samplesPerFrame: number
}

export interface SamplesFrame {
  /** Index of the first sample in this frame since Start; gaps mean lost frames. */
  readonly firstIndex: number
  readonly count: number
  /** `count · channels` raw values, interleaved by sample. */
  readonly raw: Int16Array
}

export interface Stopped {
  readonly samplesSent: number
  readonly overruns: number
}

export interface BoardError {
  readonly code: number
  readonly message: string
}

/** Reads fields in order; any read past the end sets `short` instead of throwing. */
class Reader {
  private at = 0
  short = false
  private readonly view: DataView
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  private need(n: number): boolean {
    if (this.at + n > this.bytes.length) this.short = true
    return !this.short
  }
  u8(): number {
    return this.need(1) ? this.bytes[this.at++]! : 0
  }
  u16(): number {
    if (!this.need(2)) return 0
    this.at += 2
    return this.view.getUint16(this.at - 2, true)
  }
  u32(): number {
    if (!this.need(4)) return 0
    this.at += 4
    return this.view.getUint32(this.at - 4, true)
  }
  f32(): number {
    if (!this.need(4)) return 0
    this.at += 4
    return this.view.getFloat32(this.at - 4, true)
  }
  str(): string {
    const n = this.u8()
    if (!this.need(n)) return ''
    this.at += n
    return new TextDecoder().decode(this.bytes.subarray(this.at - n, this.at))
  }
  get rest(): Uint8Array {
    return this.bytes.subarray(this.at)
  }
  get done(): boolean {
    return this.at === this.bytes.length
  }
}

export function parseHello(payload: Uint8Array): Hello | undefined {
  const r = new Reader(payload)
  const protocolVersion = r.u8()
  const firmwareVersion = r.u16()
  const boardId = r.str()
  const firmwareName = r.str()
  const maxRateHz = r.u32()
  const count = r.u8()
  const channels: ChannelInfo[] = []
  for (let c = 0; c < count && !r.short; c++)
    channels.push({ name: r.str(), unit: r.str(), scale: r.f32(), offset: r.f32() })
  return r.short
    ? undefined
    : { protocolVersion, firmwareVersion, boardId, firmwareName, maxRateHz, channels }
}

export function parseStarted(payload: Uint8Array): Started | undefined {
  const r = new Reader(payload)
  const started = {
    timerClockHz: r.u32(),
    periodTicks: r.u32(),
    channelMask: r.u32(),
    samplesPerFrame: r.u8(),
  }
  return r.short || started.periodTicks === 0 ? undefined : started
}

export function parseSamples(payload: Uint8Array, channels: number): SamplesFrame | undefined {
  const r = new Reader(payload)
  const firstIndex = r.u32()
  const count = r.u8()
  const body = r.rest
  if (r.short || channels < 1 || body.length !== count * channels * 2) return undefined
  const raw = new Int16Array(count * channels)
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
  for (let i = 0; i < raw.length; i++) raw[i] = view.getInt16(i * 2, true)
  return { firstIndex, count, raw }
}

export function parseStopped(payload: Uint8Array): Stopped | undefined {
  const r = new Reader(payload)
  const stopped = { samplesSent: r.u32(), overruns: r.u32() }
  return r.short ? undefined : stopped
}

export function parseBoardError(payload: Uint8Array): BoardError | undefined {
  const r = new Reader(payload)
  const error = { code: r.u8(), message: r.str() }
  return r.short ? undefined : error
}

/** Start: rate in millihertz (so 0.5 Hz is expressible) and the channels as a bit mask. */
export function startPayload(rateHz: number, channelMask: number): Uint8Array {
  const bytes = new Uint8Array(8)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, Math.round(rateHz * 1000), true)
  view.setUint32(4, channelMask >>> 0, true)
  return bytes
}

/** A Hello payload, for scripted boards in tests and for documentation examples. */
export function helloPayload(hello: Hello): Uint8Array {
  const parts: number[] = []
  const u16 = (v: number) => parts.push(v & 0xff, (v >> 8) & 0xff)
  const u32 = (v: number) => parts.push(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff)
  const str = (s: string) => {
    const b = new TextEncoder().encode(s).subarray(0, 63)
    parts.push(b.length, ...b)
  }
  const f32 = (v: number) => parts.push(...new Uint8Array(new Float32Array([v]).buffer))
  parts.push(hello.protocolVersion)
  u16(hello.firmwareVersion)
  str(hello.boardId)
  str(hello.firmwareName)
  u32(hello.maxRateHz)
  parts.push(hello.channels.length)
  for (const c of hello.channels) {
    str(c.name)
    str(c.unit)
    f32(c.scale)
    f32(c.offset)
  }
  return Uint8Array.from(parts)
}
