import { CaptureErrorCode, type CaptureRequest, type CaptureStatus } from '../../../shared/api/capture'
import type { NewSample } from '../../../shared/api/dataset'
import { MoteFailure } from '../../../shared/errors'
import type { CaptureReader } from './capture-reader'
import type { FrameBuffer } from './frame-buffer'

/**
 * Why detection gave up, in words that say what to check: something arrived but could not be read (a wrong
 * baud rate, text instead of numbers), or nothing arrived at all.
 */
export function detectionFailure(
  readers: readonly CaptureReader[],
  portPath: string,
  timeoutMs: number,
): MoteFailure {
  const stats = readers.map((r) => r.stats())
  const rejected = stats.reduce((n, s) => n + s.rejectedLines + s.corruptFrames, 0)
  if (rejected > 0) {
    return new MoteFailure(
      CaptureErrorCode.NoSteadyStream,
      `Data arrived on ${portPath}, but not as one sample per line of numbers (${rejected} lines or frames could not be read). Check the baud rate and that the board prints numbers separated by commas, tabs or spaces.`,
      stats.flatMap((s) => s.rejectedExamples).join('\n'),
    )
  }
  return new MoteFailure(
    CaptureErrorCode.NoData,
    `Nothing readable arrived on ${portPath} in ${Math.round(timeoutMs / 1000)} s. Check that the board runs a sketch that prints its sensor values (or install the capture firmware), and the baud rate.`,
  )
}

/** The sample a finished recording saves: its values (a copy), the measured rate, the named axes. */
export function recordedSample(
  request: CaptureRequest,
  status: CaptureStatus,
  rateHz: number,
  buffer: FrameBuffer,
  truncated: boolean,
): NewSample {
  const device = request.deviceName ?? (status.board ? status.board.boardId : 'Serial device')
  return {
    kind: 'timeseries',
    label: request.label,
    ...(request.category ? { category: request.category } : {}),
    rateHz,
    axes: status.axes!,
    length: buffer.length,
    source: `${device} on ${request.portPath}`,
    values: buffer.values(),
    ...(truncated ? { truncated: true } : {}),
  }
}
