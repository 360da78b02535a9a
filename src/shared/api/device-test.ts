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
