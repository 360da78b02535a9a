import {
  DeviceTestErrorCode,
  type BoardIdentity,
  type DeviceRunResult,
  type LiveClassification,
} from '../../../shared/api/device-test'
import type { Disposable } from '../../../shared/events'
import type { CancellationToken } from '../../../shared/api/jobs'
import { MoteFailure } from '../../../shared/errors'
import { FrameChannel, type ByteLink } from './frame-waiter'
import {
  INFERENCE_VERSION,
  InferenceMessage,
  LoadBuffer,
  RunStatus,
  TensorId,
  loadPayload,
  parseIdentity,
  parseLiveResult,
  parseLiveStarted,
  parseLiveStopped,
  parseResult,
  parseTensor,
  runPayload,
  type LiveStartedFrame,
  type ResultFrame,
} from './inference-protocol'
import { boardErrorOf, runFailure } from './run-failures'

const MOTE_ERROR = 0x7f
const MOTE_HELLO = 0x01

export interface ClientOptions {
  /** How long to wait for Identity after each Identify (the board may be starting: several are sent). */
  readonly identifyTimeoutMs?: number
  readonly cancellation?: CancellationToken
}

export interface RunOptions {
  /** Run on a raw window (the DSP on the board) or on the model's input. */
  readonly source: 'window' | 'model-input'
  /** Ask for the model input the board computed from the window (to run the host reference on it). */
  readonly sendModelInput?: boolean
  readonly timeoutMs: number
  readonly cancellation?: CancellationToken
}

const LOAD_ATTEMPTS = 3

/**
 * The host side of the inference messages (docs/protocol.md, "Inference") over an open port: identify the
 * firmware, then run the model on inputs one at a time. A Run whose input arrived damaged (a lost chunk) is
 * sent again, up to LOAD_ATTEMPTS times; every other failure is a MoteFailure in the 16xxx block.
 */
export class InferenceClient {
  private sequence = 0
  private live: Disposable | undefined

  private constructor(
    private readonly channel: FrameChannel,
    readonly identity: BoardIdentity,
  ) {}

  /** Asks the board who it is until it answers (a board just flashed or reset is still starting). */
  static async connect(link: ByteLink, options: ClientOptions = {}): Promise<InferenceClient> {
    const channel = new FrameChannel(link)
    const perTry = options.identifyTimeoutMs ?? 700
    try {
      for (let attempt = 0; ; attempt++) {
        await channel.send([[InferenceMessage.Identify]], true)
        try {
          const identity = await channel.wait(identityMatcher, perTry, () => noAnswer(), options.cancellation)
          return new InferenceClient(channel, identity)
        } catch (error) {
          if (!(error instanceof MoteFailure) || error.code !== DeviceTestErrorCode.NoAnswer || attempt >= 5)
            throw error
        }
      }
    } catch (error) {
      channel.dispose()
      throw error
    }
  }

  get corruptFrames(): number {
    return this.channel.corruptFrames
  }

  /** Runs the model on `input` (a window's bytes or the model input's) and returns what the board computed. */
  async run(input: Uint8Array, options: RunOptions): Promise<DeviceRunResult> {
    const expected = options.source === 'window' ? this.windowBytes() : this.identity.input.bytes
    if (input.length !== expected)
      throw new MoteFailure(
        DeviceTestErrorCode.WrongInputSize,
        `The firmware expects ${expected} input bytes; this input has ${input.length}.`,
      )
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.runOnce(input, options)
      if (outcome.result.status === RunStatus.Ok)
        return outcome.tensors.finish(outcome.result, options.sendModelInput === true)
      const lost =
        outcome.result.status === RunStatus.ChunkLost || outcome.result.status === RunStatus.InputIncomplete
      if (!lost || attempt >= LOAD_ATTEMPTS) throw runFailure(outcome.result)
    }
  }

  /** Bytes of one raw window on the wire: windowValues samples of the firmware's sample type. */
  windowBytes(): number {
    const size = { none: 0, int16: 2, float32: 4, uint8: 1 }[this.identity.sampleType]
    return this.identity.windowValues * size
  }

  /**
   * Starts live classification from the board's own input; `onResult` gets every LiveResult until
   * stopLive. Fails with LiveUnavailable when the firmware has no live input.
   */
  async startLive(
    onResult: (result: LiveClassification) => void,
    timeoutMs = 3000,
  ): Promise<LiveStartedFrame> {
    this.live?.dispose()
    const outputBytes = this.identity.output.bytes
    this.live = this.channel.listen((type, payload) => {
      if (type !== InferenceMessage.LiveResult) return
      const result = parseLiveResult(payload, outputBytes)
      if (result) onResult(result)
    })
    await this.channel.send([[InferenceMessage.LiveStart]])
    return this.channel.wait(
      (type, payload) => {
        if (type === MOTE_ERROR) throw liveUnavailable(boardErrorOf(payload).message)
        if (type !== InferenceMessage.LiveStarted) return undefined
        const started = parseLiveStarted(payload)
        if (started === undefined) throw badReply('LiveStarted')
        return started
      },
      timeoutMs,
      () => liveUnavailable('the board did not answer LiveStart'),
    )
  }

  /** Stops live classification; the counts of windows classified and frames lost. */
  async stopLive(timeoutMs = 3000): Promise<{ windows: number; overruns: number }> {
    await this.channel.send([[InferenceMessage.LiveStop]])
    try {
      return await this.channel.wait(
        (type, payload) => (type === InferenceMessage.LiveStopped ? parseLiveStopped(payload) : undefined),
        timeoutMs,
        () => liveUnavailable('the board did not answer LiveStop'),
      )
    } finally {
      this.live?.dispose()
      this.live = undefined
    }
  }

  dispose(): void {
    this.live?.dispose()
    this.channel.dispose()
  }

  private async runOnce(input: Uint8Array, options: RunOptions) {
    const sequence = (this.sequence = (this.sequence + 1) & 0xffff)
    const buffer = options.source === 'window' ? LoadBuffer.Window : LoadBuffer.ModelInput
    const chunk = this.identity.loadChunkBytes
    const frames: [number, Uint8Array][] = []
    for (let offset = 0; offset < input.length; offset += chunk)
      frames.push([
        InferenceMessage.Load,
        loadPayload(buffer, offset, input.subarray(offset, offset + chunk)),
      ])
    frames.push([InferenceMessage.Run, runPayload(sequence, buffer, options.sendModelInput === true)])
    const tensors = new TensorCollector(sequence, this.identity)
    const done = this.channel.wait<ResultFrame>(
      (type, payload) => {
        if (type === MOTE_ERROR) throw boardErrorOf(payload)
        if (type === InferenceMessage.Tensor) tensors.add(payload)
        if (type !== InferenceMessage.Result) return undefined
        const result = parseResult(payload)
        if (result === undefined) throw badReply('Result')
        return result.sequence === sequence ? result : undefined
      },
      options.timeoutMs,
      () =>
        new MoteFailure(
          DeviceTestErrorCode.RunTimedOut,
          `The board did not answer a run within ${options.timeoutMs} ms. Reset it (or restart the virtual board) and try again.`,
        ),
      options.cancellation,
    )
    await this.sendPaced(frames).catch((error: unknown) => {
      done.catch(() => undefined) // the wait fails too (the port closed); this failure is the one to report
      throw error
    })
    const result = await done
    return { result, tensors }
  }

  /**
   * Sends the frames a few at a time: a small board buffers 64 received bytes, so a whole window sent at once
   * would overrun it while it decodes the first frames. One write per frame lets the port's flow control and
   * the board's pace keep up; the Run goes last.
   */
  private async sendPaced(frames: readonly [number, Uint8Array][]): Promise<void> {
    for (const frame of frames) await this.channel.send([frame])
  }
}

/** Tensor frames of one run, put together by offset. */
class TensorCollector {
  private readonly output: Uint8Array
  private readonly modelInput: Uint8Array
  private outputBytes = 0
  private inputBytes = 0

  constructor(
    private readonly sequence: number,
    identity: BoardIdentity,
  ) {
    this.output = new Uint8Array(identity.output.bytes)
    this.modelInput = new Uint8Array(identity.input.bytes)
  }

  add(payload: Uint8Array): void {
    const frame = parseTensor(payload)
    if (frame === undefined) throw badReply('Tensor')
    if (frame.sequence !== this.sequence) return
    const target = frame.tensor === TensorId.ModelOutput ? this.output : this.modelInput
    if (frame.offset + frame.bytes.length > target.length) throw badReply('Tensor (past the end)')
    target.set(frame.bytes, frame.offset)
    if (frame.tensor === TensorId.ModelOutput) this.outputBytes += frame.bytes.length
    else this.inputBytes += frame.bytes.length
  }

  finish(result: ResultFrame, wantInput: boolean): DeviceRunResult {
    if (this.outputBytes !== this.output.length || (wantInput && this.inputBytes !== this.modelInput.length))
      throw new MoteFailure(
        DeviceTestErrorCode.BadReply,
        'Part of the model’s output was lost on the way back (a damaged frame). Run the test again.',
      )
    return {
      output: this.output,
      ...(wantInput ? { modelInput: this.modelInput } : {}),
      dspCycles: result.dspCycles,
      modelCycles: result.modelCycles,
      stackHighWaterBytes: result.stackHighWaterBytes,
    }
  }
}

function identityMatcher(type: number, payload: Uint8Array): BoardIdentity | undefined {
  if (type === MOTE_HELLO) {
    const name = helloFirmwareName(payload)
    if (name !== undefined && name !== 'mote-inference')
      throw new MoteFailure(
        DeviceTestErrorCode.NotInferenceFirmware,
        `The board runs other Mote firmware (${name}), not the inference firmware. Build and flash first.`,
      )
    return undefined
  }
  if (type === MOTE_ERROR) throw notInference()
  if (type !== InferenceMessage.Identity) return undefined
  if (payload[0] !== undefined && payload[0] > INFERENCE_VERSION)
    throw new MoteFailure(
      DeviceTestErrorCode.ProtocolTooNew,
      `The board speaks inference protocol ${payload[0]}; this Mote Studio knows ${INFERENCE_VERSION}. Update Mote Studio.`,
    )
  const identity = parseIdentity(payload)
  if (identity === undefined) throw badReply('Identity')
  return identity
}

/** The firmware name of a Hello (version u8, firmware u16, board string, name string), if it parses. */
function helloFirmwareName(payload: Uint8Array): string | undefined {
  const boardLength = payload[3]
  if (boardLength === undefined) return undefined
  const at = 4 + boardLength
  const nameLength = payload[at]
  if (nameLength === undefined || at + 1 + nameLength > payload.length) return undefined
  return new TextDecoder().decode(payload.subarray(at + 1, at + 1 + nameLength))
}

function liveUnavailable(why: string): MoteFailure {
  return new MoteFailure(DeviceTestErrorCode.LiveUnavailable, `Live classification did not start: ${why}.`)
}

function notInference(): MoteFailure {
  return new MoteFailure(
    DeviceTestErrorCode.NotInferenceFirmware,
    'The board answered Identify with an error: it runs Mote firmware without inference (the capture firmware?). Build and flash the inference firmware first.',
  )
}

function noAnswer(): MoteFailure {
  return new MoteFailure(
    DeviceTestErrorCode.NoAnswer,
    'Nothing answered on this port: no Mote inference firmware is running there. Flash it first, or pick another port.',
  )
}

function badReply(what: string): MoteFailure {
  return new MoteFailure(
    DeviceTestErrorCode.BadReply,
    `The board sent a malformed ${what} message (a firmware bug, or another protocol on this port).`,
  )
}
