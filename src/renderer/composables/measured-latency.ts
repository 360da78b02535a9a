import { estimateBoard } from '../../core/boards/estimate'
import { findBoard } from '../../core/boards/board-lookup'
import type { LatencyMeasurement } from '../../core/boards/estimate-calibration'
import { designWorkload } from '../../core/boards/estimate-design'
import type { ProjectDesign } from '../../core/train/design'
import type { Variant } from '../../shared/api/compress'
import type { DeployReport } from '../../shared/api/device-test'

/**
 * An on-device test as a calibration point (docs/estimate.md "Calibration from real runs"): the median
 * latency the board measured (features + model) beside what the estimator says for the same variant on
 * the same board, so that the ratio corrects that board's estimates for every other variant and edit.
 * Undefined when the report has no test, or its variant or board is unknown here.
 */
export function measurementOf(
  report: DeployReport | null,
  design: ProjectDesign | null,
  variants: readonly Variant[],
): LatencyMeasurement | undefined {
  const test = report?.test
  const variant = variants.find((v) => v.id === report?.variant.id)
  const board = report && findBoard(report.board.id)
  if (!report || !test || !variant || !board || !design || test.windows === 0) return undefined
  try {
    const work = designWorkload(design, { ...variant.metrics, dtype: variant.dtype })
    const estimate = estimateBoard(board, work, { inferencesPerSecond: 1 })
    return {
      boardId: board.id,
      measuredMs: test.dspMs.median + test.modelMs.median,
      estimatedMs: estimate.latency.totalMs,
      at: report.createdAt,
      device: `${board.name} (${report.board.port})`,
    }
  } catch {
    return undefined
  }
}
