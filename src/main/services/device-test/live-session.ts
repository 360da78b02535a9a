import { findBoard } from '../../../core/boards/board-lookup'
import {
  DeviceTestErrorCode,
  type BoardIdentity,
  type LiveClassification,
  type LiveRequest,
  type LiveUpdate,
} from '../../../shared/api/device-test'
import { MoteFailure } from '../../../shared/errors'
import type { RawSerialPort, SerialOpener } from '../serial/serial-port'
import { firmwarePortOf } from './firmware-ports'
import { InferenceClient } from './inference-client'

/** Scores of one LiveResult: the int8 output dequantized with the Identity's scale and zero point. */
export function liveScores(result: LiveClassification, identity: BoardIdentity): LiveUpdate['result'] {
  const { scale, zeroPoint, dtype } = identity.output
  const bytes = result.output
  const scores =
    dtype === 'float32'
      ? Array.from(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)))
      : Array.from(
          new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length),
          (q) => (q - zeroPoint) * scale,
        )
  const top = scores.reduce((best, v, i) => (v > scores[best]! ? i : best), 0)
  return { window: result.window, scores, top, overruns: result.overruns }
}

/**
 * One live classification from a board running the inference firmware: the port opened, Identify, LiveStart,
 * every LiveResult as scores to `onUpdate`; `stop` sends LiveStop and closes the port. The board going away
 * ends it with an update that says so.
 */
export class LiveSession {
  private stopping = false

  private constructor(
    private readonly serial: RawSerialPort,
    private readonly client: InferenceClient,
  ) {}

  static async start(
    open: SerialOpener,
    request: LiveRequest,
    labels: readonly string[],
    onUpdate: (update: LiveUpdate) => void,
  ): Promise<LiveSession> {
    const board = findBoard(request.boardId)
    if (board === undefined)
      throw new MoteFailure(DeviceTestErrorCode.UnsupportedBoard, `There is no board "${request.boardId}".`)
    const serial = await open(request.port, { baudRate: firmwarePortOf(board).baudRate })
    try {
      const client = await InferenceClient.connect(serial)
      const session = new LiveSession(serial, client)
      serial.onClose(() => {
        if (session.stopping) return
        onUpdate({
          running: false,
          labels,
          error: { code: DeviceTestErrorCode.PortClosed, message: 'The board went away (the port closed).' },
        })
      })
      await client.startLive((r) =>
        onUpdate({ running: true, labels, result: liveScores(r, client.identity) }),
      )
      onUpdate({ running: true, labels })
      return session
    } catch (error) {
      await serial.close().catch(() => undefined)
      throw error
    }
  }

  async stop(): Promise<void> {
    this.stopping = true
    await this.client.stopLive().catch(() => undefined)
    this.client.dispose()
    await this.serial.close().catch(() => undefined)
  }
}
