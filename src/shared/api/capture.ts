import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import type { Disposable, Listener } from '../events'
import type { MoteError } from '../errors'
import type { AxisInfo, Category, DesignMismatch, SampleMeta } from './dataset'

/** Capture service errors: the 9xxx block (docs/architecture.md). */
export const CaptureErrorCode = {
  /** The port cannot be opened (absent, busy, no permission). */
  OpenFailed: 9001,
  /** Nothing readable arrived while detecting. */
  NoData: 9002,
  /** Data arrived, but not one steady format (mixed value counts, only garbage). */
  NoSteadyStream: 9003,
  AlreadyRecording: 9004,
  NotRecording: 9005,
  /** The board closed the port (unplugged) before anything was recorded. */
  PortClosed: 9006,
  /** The board answered with an Error message of the Mote protocol. */
  BoardError: 9007,
  /** The board speaks a newer Mote protocol than this build. */
  ProtocolTooNew: 9008,
  /** The capture firmware cannot be built or flashed for this board. */
  FirmwareFailed: 9009,
  /** The request itself does not fit the board (a channel it does not have, a rate above its limit). */
  InvalidRequest: 9010,
} as const

/**
 * The Mote capture firmware (resources/firmware/capture-uno): the catalog boards it is built for (the Uno's
 * ATmega328P with optiboot, real or virtual) and its UART speed, 500000 baud, which is exact at 16 MHz
 * (U2X, UBRR0 = 3). After installing it, a capture speaks the Mote protocol at this speed.
 */
export const CAPTURE_FIRMWARE = { boardIds: ['uno', 'virtual-uno'], baudRate: 500_000 } as const

export type CaptureProtocolName = 'forwarder' | 'mote'
export type CaptureProtocol = CaptureProtocolName | 'auto'

/** What a Mote-protocol board says about itself in its Hello. */
export interface MoteBoardInfo {
  readonly boardId: string
  readonly firmwareName: string
  readonly firmwareVersion: number
  readonly protocolVersion: number
  readonly maxRateHz: number
  readonly channels: readonly AxisInfo[]
}

export interface CaptureRequest {
  readonly portPath: string
  readonly baudRate: number
  readonly label: string
  /** Recording length; the sample holds `round(seconds · rateHz)` frames unless stopped or unplugged. */
  readonly seconds: number
  readonly protocol?: CaptureProtocol
  /** Time from the request to the first recorded frame (detection runs meanwhile). Default 3000. */
  readonly countdownMs?: number
  /** Mote protocol: the rate to ask the board for (default 100 Hz). */
  readonly rateHz?: number
  /** Mote protocol: channel indices to sample (default all). */
  readonly channels?: readonly number[]
  /** Axis names and units; when absent, the names remembered for `serialNumber`, else the board's/defaults. */
  readonly axes?: readonly AxisInfo[]
  /** Remembers `axes` for this device when given. */
  readonly serialNumber?: string
  /** For the sample's source: "Arduino Uno on /dev/ttyACM0". */
  readonly deviceName?: string
  readonly category?: Category
}

export type CapturePhase =
  'opening' | 'detecting' | 'countdown' | 'recording' | 'saving' | 'done' | 'failed' | 'cancelled'

export interface StreamStats {
  /** Data-forwarder lines that were not data: wrong value count, not numbers, too long. */
  readonly rejectedLines: number
  /** The first few, with their reason ("value-count: 1,2"). */
  readonly rejectedExamples: readonly string[]
  /** Mote frames dropped for a bad checksum or framing. */
  readonly corruptFrames: number
  /** Mote samples missing from the sequence (lost frames, board overruns). */
  readonly lostSamples: number
}

export interface CaptureStatus extends StreamStats {
  readonly id: string
  readonly phase: CapturePhase
  readonly portPath: string
  readonly label: string
  readonly seconds: number
  readonly protocol?: CaptureProtocolName
  readonly rateHz?: number
  /** Data forwarder: the rate as measured, before rounding to a whole number of hertz or 4 digits. */
  readonly measuredRateHz?: number
  readonly axes?: readonly AxisInfo[]
  readonly board?: MoteBoardInfo
  readonly framesRecorded: number
  readonly framesExpected?: number
  /** Epoch milliseconds when recording begins (the end of the countdown). */
  readonly recordingStartsAt?: number
  readonly startedAt: number
  readonly endedAt?: number
  readonly sample?: SampleMeta
  /** Set when the saved sample does not match the stored design (other axis names, another rate). */
  readonly mismatch?: DesignMismatch
  /** The job that shows this recording in the status bar (and cancels it), when run by the app. */
  readonly jobId?: string
  readonly truncated?: boolean
  readonly error?: MoteError
}

/** Live values, batched (about 20 batches a second): frames `firstFrame…` of the recording, interleaved. */
export interface CaptureData {
  readonly captureId: string
  readonly firstFrame: number
  readonly axisCount: number
  readonly values: Float32Array
}

export interface ProbeResult {
  readonly protocol: CaptureProtocolName
  readonly axisCount: number
  readonly rateHz: number
  /** Data forwarder: the rate as measured, before rounding. */
  readonly measuredRateHz?: number
  /** Remembered names for this device, else the board's own, else `axis1…`. */
  readonly axes: readonly AxisInfo[]
  readonly board?: MoteBoardInfo
  readonly exampleLine?: string
  readonly stats: StreamStats
}

export interface FirmwareInstallResult {
  readonly boardId: string
  readonly portPath: string
  readonly flashBytes: number
  readonly durationMs: number
}

export interface FirmwareProgress {
  readonly portPath: string
  readonly fraction: number
  readonly phrase: string
}

export interface CaptureService {
  /** Opens the port, listens until it knows the protocol, axes and rate, and closes it again. */
  probe(portPath: string, baudRate: number, serialNumber?: string): Promise<ProbeResult>
  /** Starts a recording and resolves once the port is open; progress follows as `onDidChangeStatus`. */
  start(request: CaptureRequest): Promise<CaptureStatus>
  /** Ends the recording now and keeps what arrived. */
  stop(): Promise<CaptureStatus>
  /** Ends it and keeps nothing. */
  cancel(): Promise<CaptureStatus>
  status(): Promise<CaptureStatus | null>
  /** The axis names remembered for a device (by serial number), if any. */
  rememberedAxes(serialNumber: string): Promise<readonly AxisInfo[] | null>
  rememberAxes(serialNumber: string, axes: readonly AxisInfo[]): Promise<void>
  /** Builds the capture firmware for the board and flashes it through its bootloader. */
  installFirmware(portPath: string, boardId: string): Promise<FirmwareInstallResult>
  onDidChangeStatus(listener: Listener<CaptureStatus>): Disposable
  onDidReceive(listener: Listener<CaptureData>): Disposable
  onDidFirmwareProgress(listener: Listener<FirmwareProgress>): Disposable
}

const axisSchema = z.object({ name: z.string().trim().min(1).max(64), unit: z.string().max(32) })
const portSchema = z.string().min(1).max(1024)
const baudSchema = z.number().int().min(300).max(4_000_000)
const serialSchema = z.string().min(1).max(256)

export const captureRequestSchema = z
  .object({
    portPath: portSchema,
    baudRate: baudSchema,
    label: z.string().trim().min(1, 'a label is needed').max(128),
    seconds: z.number().positive().max(3600),
    protocol: z.enum(['auto', 'forwarder', 'mote']).optional(),
    countdownMs: z.number().int().min(0).max(60_000).optional(),
    rateHz: z.number().positive().max(100_000).optional(),
    channels: z.array(z.number().int().min(0).max(31)).min(1).max(32).optional(),
    axes: z.array(axisSchema).min(1).max(64).optional(),
    serialNumber: serialSchema.optional(),
    deviceName: z.string().max(200).optional(),
    category: z.enum(['training', 'testing']).optional(),
  })
  .strict()

export const captureContract: ServiceContract<CaptureService> = {
  name: 'capture',
  methods: {
    probe: z.tuple([portSchema, baudSchema, serialSchema.optional()]),
    start: z.tuple([captureRequestSchema]),
    stop: z.tuple([]),
    cancel: z.tuple([]),
    status: z.tuple([]),
    rememberedAxes: z.tuple([serialSchema]),
    rememberAxes: z.tuple([serialSchema, z.array(axisSchema).min(1).max(64)]),
    installFirmware: z.tuple([portSchema, z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/)]),
  },
  events: ['didChangeStatus', 'didReceive', 'didFirmwareProgress'],
}
