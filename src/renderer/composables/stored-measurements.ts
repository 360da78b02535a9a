import { computed, type ComputedRef } from 'vue'
import type { LatencyMeasurement } from '../../core/boards/estimate-calibration'
import { measurementsOf } from '../../core/boards/estimate-measurements'
import { useCompressStore } from '../stores/compress'
import { useDesignStore } from '../stores/design'
import { useMeasuredRunsStore } from '../stores/measured-runs'

/**
 * The project's stored on-device tests as calibration points for the estimate panel, paired with the
 * estimator's figure for each run's variant on its board (core/boards/estimate-measurements.ts).
 */
export function useStoredMeasurements(): ComputedRef<LatencyMeasurement[]> {
  const runs = useMeasuredRunsStore()
  const design = useDesignStore()
  const compress = useCompressStore()
  runs.follow()
  return computed(() => measurementsOf(runs.runs, design.draft, compress.variants))
}
