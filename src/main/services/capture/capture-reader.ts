import type { AxisInfo } from '../../../shared/api/dataset'
import type { CaptureProtocolName, ProbeResult, StreamStats } from '../../../shared/api/capture'
import type { MoteFailure } from '../../../shared/errors'

/**
 * What a reader learned about the stream before recording: enough to name the axes and the rate. It is the
 * probe result the UI gets, less the byte statistics the session adds; `axes` here are the board's own
 * names (Mote protocol) or defaults (`axis1`, …), before remembered names replace them.
 */
export type StreamDescription = Omit<ProbeResult, 'stats'>

/** Receives frames while recording: `frames` time steps of `axisCount` values, interleaved. */
export type FrameListener = (values: ArrayLike<number>, frames: number) => void

/**
 * One protocol's half of a capture: it reads chunks, tells when it understands the stream, and once
 * `beginRecording` is called hands every frame to the listener. `push` never throws: faults are counted.
 */
export interface CaptureReader {
  readonly protocol: CaptureProtocolName
  push(chunk: Uint8Array, atMs: number): void
  readonly description: StreamDescription | undefined
  /** A problem that makes recording impossible (the board reported an error, a newer protocol). */
  readonly failure: MoteFailure | undefined
  /** Bytes to send to the board now and then while detecting (the Mote Hello request). */
  readonly poll?: Uint8Array
  beginRecording(write: (bytes: Uint8Array) => Promise<void>): Promise<void>
  endRecording(write: (bytes: Uint8Array) => Promise<void>): Promise<void>
  stats(): StreamStats
  /** The rate measured over everything received (more precise than at detection). */
  finalRateHz(): number
}

export function defaultAxes(count: number): AxisInfo[] {
  return Array.from({ length: count }, (_, i) => ({ name: `axis${i + 1}`, unit: '' }))
}
