import { computed, type Ref } from 'vue'
import type { PipelineWorkload } from '../../core/boards/estimate'
import { designWorkload, inferencesPerSecondOf, type VariantFigures } from '../../core/boards/estimate-design'
import type { ProjectDesign } from '../../core/train/design'

export interface PipelineEstimateInput {
  readonly work: PipelineWorkload | null
  readonly defaultRate: number
  readonly problem: string | null
}

/**
 * The workload the per-board panel estimates, recomputed whenever the design or the variant changes: the
 * design planned as int8, or a compression variant's own figures on the design's shapes. A design that does
 * not work gives its problem instead (the Design view shows the same sentence next to the layer).
 */
export function usePipelineEstimate(
  design: Ref<ProjectDesign | null>,
  variant: Ref<VariantFigures | undefined> = computed(() => undefined),
) {
  return computed<PipelineEstimateInput>(() => {
    const d = design.value
    if (!d) return { work: null, defaultRate: 1, problem: null }
    try {
      return { work: designWorkload(d, variant.value), defaultRate: inferencesPerSecondOf(d), problem: null }
    } catch (error) {
      return {
        work: null,
        defaultRate: 1,
        problem: error instanceof Error ? error.message : String(error),
      }
    }
  })
}
