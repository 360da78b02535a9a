import type { BoardIdentity, FirmwareTensorInfo, LiveClassification } from '../../../shared/api/device-test'
import { ByteReader, ByteWriter } from './byte-reader'

/**
 * The inference messages of the Mote protocol (docs/protocol.md, "Inference", types 0x30–0x3A): payload
 * parsers that return undefined for a malformed message, and builders for the host's requests and for
 * scripted boards in tests. The framing (COBS, CRC) is capture/mote-protocol's.
 */
export const INFERENCE_VERSION = 1

export const InferenceMessage = {
  Identify: 0x30,
  Identity: 0x31,
  Load: 0x32,
  Run: 0x33,
  Tensor: 0x34,
  Result: 0x35,
  LiveStart: 0x36,
  LiveStarted: 0x37,
  LiveResult: 0x38,
  LiveStop: 0x39,
  LiveStopped: 0x3a,
} as const

/** Result statuses. */
export const RunStatus = {
  Ok: 0,
  InputIncomplete: 1,
  ChunkLost: 2,
  ChunkOutOfRange: 3,
  BadSource: 4,
  NoDsp: 5,
  Busy: 6,
  DspFailed: 7,
  ModelFailed: 8,
} as const

/** Error message codes of the inference firmware (after the capture firmware's 1–3). */
export const InferenceBoardError = {
  Rate: 1,
  UnknownMessage: 3,
  BadRequest: 4,
  Busy: 6,
  NoLiveInput: 7,
  OutputTooLarge: 8,
} as const

export const LoadBuffer = { Window: 0, ModelInput: 1 } as const
export const TensorId = { ModelInput: 0, ModelOutput: 1 } as const

const CYCLE_COUNTERS = ['none', 'cpu', 'instructions'] as const
const DTYPES = [undefined, 'int8', 'float32'] as const
const DSPS = ['none', 'fixed', 'float'] as const
const SAMPLE_TYPES = ['none', 'int16', 'float32', 'uint8'] as const
const LIVES = ['none', 'analog', 'synthetic'] as const

function pick<T>(list: readonly T[], index: number, r: ByteReader): T {
  const value = list[index]
  if (value === undefined) r.short = true
  return value ?? list[0]!
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

function shape(r: ByteReader): number[] {
  const rank = r.u8()
  return Array.from({ length: rank }, () => r.u16())
}

function tensor(dtype: FirmwareTensorInfo['dtype'] | undefined, bytes: number, scale: number, zp: number) {
  return { dtype: dtype ?? 'int8', bytes, scale, zeroPoint: zp }
}

/** Bytes of the build id at the end of Identity (the build key's first 8 bytes). */
export const BUILD_ID_BYTES = 8

export function parseIdentity(payload: Uint8Array): BoardIdentity | undefined {
  const r = new ByteReader(payload)
  const head = {
    inferenceVersion: r.u8(),
    firmwareVersion: r.u16(),
    clockHz: r.u32(),
    cycleCounter: pick(CYCLE_COUNTERS, r.u8(), r),
    modelHash: hex(r.bytesOf(32)),
    arenaBytes: r.u32(),
    staticRamBytes: r.u32(),
    stackBytes: r.u32(),
    loadChunkBytes: r.u16(),
  }
  const [inType, outType] = [pick(DTYPES, r.u8(), r), pick(DTYPES, r.u8(), r)]
  const [inBytes, outBytes] = [r.u32(), r.u32()]
  const inQ = [r.f32(), r.i32()] as const
  const outQ = [r.f32(), r.i32()] as const
  const features = {
    dsp: pick(DSPS, r.u8(), r),
    sampleType: pick(SAMPLE_TYPES, r.u8(), r),
    inputLsb: r.f32(),
    windowValues: r.u32(),
    axes: r.u16(),
    featureCount: r.u32(),
    dspWorkBytes: r.u32(),
    live: pick(LIVES, r.u8(), r),
    rateHz: r.u32() / 1000,
    windowFrames: r.u16(),
    strideFrames: r.u16(),
  }
  const boardId = r.str()
  const input = { ...tensor(inType, inBytes, ...inQ), shape: shape(r) }
  const output = { ...tensor(outType, outBytes, ...outQ), shape: shape(r) }
  // Firmware from before the build id ends at the shapes.
  const buildId = r.done ? undefined : hex(r.bytesOf(BUILD_ID_BYTES))
  if (!r.done || inType === undefined || outType === undefined) return undefined
  return { ...head, boardId, input, output, ...features, ...(buildId ? { buildId } : {}) }
}

export interface ResultFrame {
  readonly sequence: number
  readonly status: number
  readonly detail: number
  readonly dspCycles: number
  readonly modelCycles: number
  readonly stackHighWaterBytes: number
}

export function parseResult(payload: Uint8Array): ResultFrame | undefined {
  const r = new ByteReader(payload)
  const result = {
    sequence: r.u16(),
    status: r.u8(),
    detail: r.u32(),
    dspCycles: r.u32(),
    modelCycles: r.u32(),
    stackHighWaterBytes: r.u32(),
  }
  return r.done ? result : undefined
}

export interface TensorFrame {
  readonly sequence: number
  readonly tensor: number
  readonly offset: number
  readonly bytes: Uint8Array
}

export function parseTensor(payload: Uint8Array): TensorFrame | undefined {
  const r = new ByteReader(payload)
  const frame = { sequence: r.u16(), tensor: r.u8(), offset: r.u32(), bytes: r.rest() }
  return r.short || frame.tensor > 1 || frame.bytes.length === 0 ? undefined : frame
}

export interface LiveStartedFrame {
  readonly timerClockHz: number
  readonly periodTicks: number
  readonly windowFrames: number
  readonly strideFrames: number
  readonly source: BoardIdentity['live']
}

export function parseLiveStarted(payload: Uint8Array): LiveStartedFrame | undefined {
  const r = new ByteReader(payload)
  const started = {
    timerClockHz: r.u32(),
    periodTicks: r.u32(),
    windowFrames: r.u16(),
    strideFrames: r.u16(),
    source: pick(LIVES, r.u8(), r),
  }
  return r.done && started.periodTicks > 0 ? started : undefined
}

export function parseLiveResult(payload: Uint8Array, outputBytes: number): LiveClassification | undefined {
  const r = new ByteReader(payload)
  const result = {
    window: r.u32(),
    firstFrame: r.u32(),
    dspCycles: r.u32(),
    modelCycles: r.u32(),
    overruns: r.u32(),
    output: r.bytesOf(outputBytes),
  }
  return r.done ? result : undefined
}

export function parseLiveStopped(payload: Uint8Array): { windows: number; overruns: number } | undefined {
  const r = new ByteReader(payload)
  const stopped = { windows: r.u32(), overruns: r.u32() }
  return r.done ? stopped : undefined
}

export function loadPayload(buffer: number, offset: number, bytes: Uint8Array): Uint8Array {
  return new ByteWriter().u8(buffer).u32(offset).bytes(bytes).build()
}

export function runPayload(sequence: number, source: number, sendModelInput: boolean): Uint8Array {
  return new ByteWriter()
    .u16(sequence)
    .u8(source)
    .u8(sendModelInput ? 1 : 0)
    .build()
}
