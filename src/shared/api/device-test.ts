import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import type { Disposable, Listener } from '../events'
import type { MoteError } from '../errors'
import { boardIdSchema } from './devices'
import type { JobInfo } from './jobs'

/**
 * The on-device test's data: what the Mote inference firmware says about itself (Identity) and what a run
 * returns, as plain structured-clone-safe records (docs/protocol.md, "Inference"; docs/firmware.md). The
 * service that runs tests on boards builds on `InferenceClient` (src/main/services/device-test).
 */

/** Device-test errors: the 16xxx block (docs/architecture.md). 16001–16099 talking to the firmware,
 * 16100–16199 building it, 16200–16299 the arduino-cli path. A cancelled run is `JobsErrorCode.Cancelled`. */
export const DeviceTestErrorCode = {
  /** Nothing answered Identify: no inference firmware on that port (or the wrong port, or a baud mismatch). */
  NoAnswer: 16001,
  /** A Mote board answered, but with other firmware (the capture firmware, say). */
  NotInferenceFirmware: 16002,
  /** The firmware speaks a newer inference protocol than this Mote Studio. */
  ProtocolTooNew: 16003,
  /** A reply passed the CRC but its fields are malformed (a firmware bug, or another protocol). */
  BadReply: 16004,
  /** No Result within the time a run may take. */
  RunTimedOut: 16005,
  /** The board did not receive the whole input (chunks lost or out of place), even after retrying. */
  InputNotReceived: 16006,
  DspFailed: 16007,
  ModelFailed: 16008,
  /** A raw window for firmware built without the DSP (features only). */
  NoDsp: 16009,
  /** The board is classifying live; stop that first. */
  Busy: 16010,
  /** The input does not have the size the firmware's Identity gives. */
  WrongInputSize: 16011,
  /** The board sent an Error message. */
  BoardError: 16012,
  /** The port closed while waiting (the board unplugged, the virtual board stopped). */
  PortClosed: 16013,
  /** This firmware has no live input, or its output does not fit a LiveResult. */
  LiveUnavailable: 16014,
  /** A deployment is running already; wait for it or cancel it. */
  DeployRunning: 16015,
  /** No project is open. */
  NoProject: 16016,
  /** Mote cannot build bare-metal inference firmware for this board. */
  UnsupportedBoard: 16101,
  /** The firmware does not fit the board's flash or RAM (the message has the numbers). */
  DoesNotFit: 16102,
  /** The model or design cannot be turned into firmware (two inputs, features that do not match the model). */
  UnsupportedModel: 16103,
  /** arduino-cli is not installed (or not found); the message says how to install it. */
  ArduinoCliMissing: 16201,
  /** The board's Arduino core is not installed; the message has the commands. */
  ArduinoCoreMissing: 16202,
  ArduinoCompileFailed: 16203,
  /** arduino-cli finished but left no firmware file for the board's flasher. */
  ArduinoNoOutput: 16204,
  /** The board has no Arduino core in the catalog (a virtual board, say). */
  NoArduinoCore: 16205,
} as const

export type TensorDType = 'int8' | 'float32'

export interface FirmwareTensorInfo {
  readonly dtype: TensorDType
  readonly shape: readonly number[]
  readonly bytes: number
  /** Quantization of an int8 tensor (scale 0 for float32). */
  readonly scale: number
  readonly zeroPoint: number
}

/** What the inference firmware reports in its Identity message. */
export interface BoardIdentity {
  readonly inferenceVersion: number
  readonly firmwareVersion: number
  readonly boardId: string
  readonly clockHz: number
  /** What the cycle counts count: CPU cycles (AVR Timer1, Cortex-M DWT) or instructions (QEMU). */
  readonly cycleCounter: 'none' | 'cpu' | 'instructions'
  /** SHA-256 of the model variant's graph and coded weights, hex (codegen's content hash). */
  readonly modelHash: string
  /** Hash of the firmware build's inputs, hex (16 digits); absent from firmware built before it existed. */
  readonly buildId?: string
  readonly arenaBytes: number
  /** .data + .bss of the whole firmware. */
  readonly staticRamBytes: number
  /** RAM left for the stack. */
  readonly stackBytes: number
  /** Data bytes one Load frame may carry. */
  readonly loadChunkBytes: number
  readonly input: FirmwareTensorInfo
  readonly output: FirmwareTensorInfo
  readonly dsp: 'none' | 'fixed' | 'float'
  /** How a raw window's samples travel: int16 counts of `inputLsb`, float32 values, or uint8 pixels. */
  readonly sampleType: 'none' | 'int16' | 'float32' | 'uint8'
  readonly inputLsb: number
  /** Samples × axes of one raw window (pixel bytes for an image). */
  readonly windowValues: number
  readonly axes: number
  readonly featureCount: number
  readonly dspWorkBytes: number
  readonly live: 'none' | 'analog' | 'synthetic'
  readonly rateHz: number
  readonly windowFrames: number
  readonly strideFrames: number
}

/** One run on the board. */
export interface DeviceRunResult {
  /** The model's output tensor, exactly as the board computed it. */
  readonly output: Uint8Array
  /** The model's input as the board computed it from a raw window (when asked for). */
  readonly modelInput?: Uint8Array
  /** Cycles (see `BoardIdentity.cycleCounter`) of the DSP and quantization, and of the model. */
  readonly dspCycles: number
  readonly modelCycles: number
  /** The deepest the stack has been since the firmware started, in bytes. */
  readonly stackHighWaterBytes: number
}

/** One live classification from the board's own input. */
export interface LiveClassification {
  readonly window: number
  readonly firstFrame: number
  readonly output: Uint8Array
  /** 0 where the port cannot time live windows (AVR: its timer samples). */
  readonly dspCycles: number
  readonly modelCycles: number
  /** Frames the board lost because it was busy, since live classification started. */
  readonly overruns: number
}

/** One window whose board output differs from the host's int8 reference on the same model input. */
export interface Mismatch {
  readonly window: string
  readonly modelInput: readonly number[]
  readonly board: readonly number[]
  readonly host: readonly number[]
}

/** The on-device test of a deployment (docs/firmware.md, "On-device test"). */
export interface DeviceTestReport {
  readonly windows: number
  readonly mismatches: number
  /** The first 20 mismatches, with the window and both outputs. */
  readonly mismatchList: readonly Mismatch[]
  readonly accuracy: number
  /** confusion[true][predicted], in the design's label order. */
  readonly confusion: readonly (readonly number[])[]
  readonly latencyMs: { readonly min: number; readonly median: number; readonly max: number }
  readonly dspMs: { readonly median: number }
  readonly modelMs: { readonly median: number }
  readonly cycles: { readonly dspMedian: number; readonly modelMedian: number }
  readonly stackHighWaterBytes: number
  /** True when the test stopped early (cancelled, or the board went away): the figures cover what arrived. */
  readonly partial: boolean
}

/** What a deployment stores in the project (`deploy/<variant>/<board>.json`) and returns. */
export interface DeployReport {
  readonly format: 'mote-deploy-report'
  readonly version: 1
  readonly createdAt: string
  readonly board: { readonly id: string; readonly name: string; readonly port: string }
  readonly variant: { readonly id: string; readonly name: string }
  readonly labels?: readonly string[]
  readonly firmware: {
    readonly sha256: string
    readonly flashBytes: number
    readonly ramBytes: number
    readonly flashCapacityBytes?: number
    readonly ramCapacityBytes?: number
    readonly elfPath: string
    /** The hash of the build's inputs, as the firmware reports it in Identity. */
    readonly buildId?: string
    /** The board already ran this build, so it was not flashed again. */
    readonly alreadyOnBoard?: boolean
  }
  readonly identity?: BoardIdentity
  readonly test?: DeviceTestReport
  /** What stopped the test early, if anything (cancelled, the board went away). */
  readonly stoppedBy?: string
  readonly durationsMs: { readonly build: number; readonly flash: number; readonly test: number }
}

/**
 * A stored on-device test as the estimator's calibration point (docs/estimate.md "Calibration from real
 * runs"): the fields of a `deploy/<variant>/<board>.json` report that calibration reads.
 */
export interface StoredRun {
  readonly boardId: string
  /** "Arduino Uno (/dev/ttyACM0)", for the "measured on" label. */
  readonly device: string
  readonly variantId: string
  /** ISO time of the run. */
  readonly at: string
  readonly windows: number
  readonly dspMedianMs: number
  readonly modelMedianMs: number
}

export type DeployStage = 'generate' | 'compile' | 'flash' | 'test'

export const deployRequestSchema = z
  .object({
    boardId: boardIdSchema,
    /** The board's port (serial path, or the probe's drive). */
    port: z.string().min(1).max(512),
    variantId: z
      .string()
      .regex(/^(v|float)-[a-z0-9-]{1,64}$/)
      .optional(),
    /** Test windows from the test split (0: build and flash only). */
    windows: z.number().int().min(0).max(10_000).optional(),
  })
  .strict()
export type DeployRequest = z.infer<typeof deployRequestSchema>

export interface DeployStatus {
  /** The running deployment, if any, with its stage. */
  readonly job: JobInfo | null
  readonly stage: { readonly stage: DeployStage; readonly fraction: number; readonly phrase: string } | null
  /** The last deployment of this session (or the newest stored in the project). */
  readonly report: DeployReport | null
  /** Why the last deployment failed (its job reports it too). */
  readonly error: MoteError | null
  /** The compiler's and the flasher's output of the last deployment, for "show the log". */
  readonly log: string
}

/** The longest log a status keeps (its end). */
export const DEPLOY_LOG_MAX_CHARS = 200_000

/**
 * A change of the deploy status as `onDidChange` sends it: the whole status but the log, which comes as the
 * text added since the last change (`logReset`: it restarted first). The whole log only comes from `status()`:
 * a compiler's output no longer travels again with every progress step.
 */
export interface DeployStatusChange extends Omit<DeployStatus, 'log'> {
  readonly logAppend?: string
  readonly logReset?: true
}

/** `status` after `change`. */
export function applyDeployChange(status: DeployStatus, change: DeployStatusChange): DeployStatus {
  const { logAppend, logReset, ...rest } = change
  const log = logReset ? '' : status.log
  return { ...rest, log: logAppend ? (log + logAppend).slice(-DEPLOY_LOG_MAX_CHARS) : log }
}

export const liveRequestSchema = z
  .object({ boardId: boardIdSchema, port: z.string().min(1).max(512) })
  .strict()
export type LiveRequest = z.infer<typeof liveRequestSchema>

/** Live classification from the board's own input, as the Deploy view shows it. */
export interface LiveUpdate {
  readonly running: boolean
  /** The design's labels, in output order (empty when unknown). */
  readonly labels: readonly string[]
  /** The newest window: its scores (the output dequantized), the index of the top one, frames lost so far. */
  readonly result?: {
    readonly window: number
    readonly scores: readonly number[]
    readonly top: number
    readonly overruns: number
  }
  /** Why live classification stopped on its own (the board went away). */
  readonly error?: MoteError
}

/** One-click deployment of the open project's variant to a board (docs/firmware.md, "Deploying"). */
export interface DeployService {
  /** Starts build, flash and test as a job; fails at once when one is running. */
  start(request: DeployRequest): Promise<JobInfo>
  status(): Promise<DeployStatus>
  onDidChange(listener: Listener<DeployStatusChange>): Disposable
  /** Starts live classification on a board running the inference firmware (the one just deployed). */
  startLive(request: LiveRequest): Promise<void>
  stopLive(): Promise<void>
  onDidLive(listener: Listener<LiveUpdate>): Disposable
  /** The open project's stored on-device tests, oldest first (the estimate panels' calibration). */
  measuredRuns(): Promise<StoredRun[]>
}

export const deployContract: ServiceContract<DeployService> = {
  name: 'deploy',
  methods: {
    start: z.tuple([deployRequestSchema]),
    status: z.tuple([]),
    startLive: z.tuple([liveRequestSchema]),
    stopLive: z.tuple([]),
    measuredRuns: z.tuple([]),
  },
  events: ['didChange', 'didLive'],
}
