/**
 * Calibration from real runs (docs/estimate.md "Calibration"): an on-device test measures a latency on a
 * board for a model whose latency we had estimated; the ratio measured / estimated corrects later
 * estimates for that board. With several runs the median ratio is used, so one odd run does not swing it.
 */

export interface LatencyMeasurement {
  readonly boardId: string
  /** Measured on the board (or the virtual board), per inference, features included. */
  readonly measuredMs: number
  /** What the estimator said for the same pipeline when the test ran. */
  readonly estimatedMs: number
  /** ISO time of the run, and the device it ran on ("Uno #A1B2"), for the label. */
  readonly at: string
  readonly device?: string
}

export interface Calibration {
  readonly factor: number
  readonly runs: number
  readonly device?: string
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** The correction for one board, or undefined when no usable run is stored for it. */
export function calibrationFor(
  boardId: string,
  measurements: readonly LatencyMeasurement[],
): Calibration | undefined {
  const runs = measurements.filter(
    (m) =>
      m.boardId === boardId &&
      Number.isFinite(m.measuredMs) &&
      Number.isFinite(m.estimatedMs) &&
      m.measuredMs > 0 &&
      m.estimatedMs > 0,
  )
  if (runs.length === 0) return undefined
  const latest = runs.reduce((a, b) => (b.at > a.at ? b : a))
  const factor = median(runs.map((m) => m.measuredMs / m.estimatedMs))
  return latest.device === undefined
    ? { factor, runs: runs.length }
    : { factor, runs: runs.length, device: latest.device }
}
