import type { LatencyMeasurement } from '../../core/boards/estimate-calibration'
import { measurementsOf, storedRunOf } from '../../core/boards/estimate-measurements'
import type { ProjectDesign } from '../../core/train/design'
import type { Variant } from '../../shared/api/compress'
import type { DeployReport } from '../../shared/api/device-test'

/**
 * The Deploy view's last report as a calibration point (core/boards/estimate-measurements.ts): undefined
 * when the report has no test, or its variant or board is unknown here. The stored reports of every
 * deployment come through the deploy service's measuredRuns (stores/measured-runs.ts).
 */
export function measurementOf(
  report: DeployReport | null,
  design: ProjectDesign | null,
  variants: readonly Variant[],
): LatencyMeasurement | undefined {
  const run = report && storedRunOf(report)
  return run ? measurementsOf([run], design, variants)[0] : undefined
}
