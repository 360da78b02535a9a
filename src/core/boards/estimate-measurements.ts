import type { Variant } from '../../shared/api/compress'
import type { StoredRun } from '../../shared/api/device-test'
import type { ProjectDesign } from '../train/design'
import { findBoard } from './board-lookup'
import { estimateBoard } from './estimate'
import type { LatencyMeasurement } from './estimate-calibration'
import { designWorkload } from './estimate-design'

export type { StoredRun }

/**
 * On-device tests as calibration points (docs/estimate.md "Calibration from real runs"): every deployment
 * stores its report in the project (`deploy/<variant>/<board>.json`); each one with a test is the median
 * latency the board measured (features + model) beside what the estimator says for the same variant on
 * the same board, so that the ratio corrects that board's estimates for every other variant and edit — in
 * the Design, Compress and Deploy views and in `mote estimate` alike.
 */

/** What calibration reads of a stored report (shared/api/device-test.ts DeployReport has these fields). */
export interface RunReport {
  readonly createdAt: string
  readonly board: { readonly id: string; readonly name: string; readonly port: string }
  readonly variant: { readonly id: string }
  readonly test?: {
    readonly windows: number
    readonly dspMs: { readonly median: number }
    readonly modelMs: { readonly median: number }
  }
}

/** A report's run, or undefined when it has no test (build and flash only). */
export function storedRunOf(report: RunReport): StoredRun | undefined {
  const test = report.test
  if (test === undefined || test.windows === 0) return undefined
  return {
    boardId: report.board.id,
    device: `${report.board.name} (${report.board.port})`,
    variantId: report.variant.id,
    at: report.createdAt,
    windows: test.windows,
    dspMedianMs: test.dspMs.median,
    modelMedianMs: test.modelMs.median,
  }
}

/**
 * One measurement per run whose board is in the catalog and whose variant is still in the project (the
 * estimate needs the variant's figures). A design that does not work gives none.
 */
export function measurementsOf(
  runs: readonly StoredRun[],
  design: ProjectDesign | null,
  variants: readonly Variant[],
): LatencyMeasurement[] {
  if (design === null) return []
  return runs.flatMap((run) => {
    const variant = variants.find((v) => v.id === run.variantId)
    const board = findBoard(run.boardId)
    if (!variant || !board || run.windows === 0) return []
    try {
      const work = designWorkload(design, { ...variant.metrics, dtype: variant.dtype })
      const estimate = estimateBoard(board, work, { inferencesPerSecond: 1 })
      const measurement: LatencyMeasurement = {
        boardId: board.id,
        measuredMs: run.dspMedianMs + run.modelMedianMs,
        estimatedMs: estimate.latency.totalMs,
        at: run.at,
        device: run.device,
      }
      return [measurement]
    } catch {
      return []
    }
  })
}
