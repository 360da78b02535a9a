import { DeviceTestErrorCode } from '../../../shared/api/device-test'
import { MoteFailure } from '../../../shared/errors'
import { ByteReader } from './byte-reader'
import { RunStatus, type ResultFrame } from './inference-protocol'

/** What a Result's status means to the user, as a MoteFailure with what to do (docs/protocol.md). */
export function runFailure(result: ResultFrame): MoteFailure {
  switch (result.status) {
    case RunStatus.InputIncomplete:
    case RunStatus.ChunkLost:
    case RunStatus.ChunkOutOfRange:
      return new MoteFailure(
        DeviceTestErrorCode.InputNotReceived,
        `The board did not receive the whole input (status ${result.status}, ${result.detail} bytes in place), even after retrying. Check the cable and try again.`,
      )
    case RunStatus.NoDsp:
      return new MoteFailure(
        DeviceTestErrorCode.NoDsp,
        'This firmware was built without the feature code: send features, or build it with the DSP.',
      )
    case RunStatus.Busy:
      return new MoteFailure(DeviceTestErrorCode.Busy, 'The board is classifying live; stop that first.')
    case RunStatus.DspFailed:
      return new MoteFailure(
        DeviceTestErrorCode.DspFailed,
        `The feature code failed on the board (status ${result.detail}).`,
      )
    case RunStatus.ModelFailed:
      return new MoteFailure(
        DeviceTestErrorCode.ModelFailed,
        `The model failed on the board (runtime status ${result.detail}).`,
      )
    default:
      return new MoteFailure(DeviceTestErrorCode.BadReply, `The board answered with status ${result.status}.`)
  }
}

/** An Error message (u8 code, string) from the board. */
export function boardErrorOf(payload: Uint8Array): MoteFailure {
  const r = new ByteReader(payload)
  const code = r.u8()
  const message = r.str()
  return new MoteFailure(
    DeviceTestErrorCode.BoardError,
    `The board reported error ${code}${r.done ? `: ${message}` : ''}.`,
  )
}
