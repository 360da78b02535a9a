import { planModelGraph } from '../model/lower'
import { dspMetaOf, type ProjectDesign } from '../train/design'
import { dspWorkload, type DspWorkload } from './estimate-dsp'
import type { PipelineWorkload } from './estimate'
import { modelWorkload } from './estimate-model'

/**
 * A project's pipeline as the estimator sees it: the design's features and its model planned as an int8
 * deployment (the Design view, before anything is trained), or a compression variant's own figures.
 */

/** What a compression variant contributes: its precision and what it measured of itself. */
export interface VariantFigures {
  readonly dtype: 'float32' | 'int8'
  readonly weightsFlashBytes: number
  readonly peakActivationBytes: number
}

export interface DesignWorkload extends PipelineWorkload {
  /** One inference per window stride (time series), or one per second for images. */
  readonly inferencesPerSecond: number
}

export function inferencesPerSecondOf(design: ProjectDesign): number {
  return design.input.kind === 'image' ? 1 : 1000 / design.features.window.strideMs
}

let lastDsp: { key: string; work: DspWorkload } | undefined

/**
 * The feature workload, kept while the features and the input stay the same: a model edit then costs no
 * DSP code generation (the C tables of both builds), which is most of the time of a keystroke.
 */
function cachedDspWorkload(design: ProjectDesign): DspWorkload {
  const key = JSON.stringify([design.features, design.input])
  if (lastDsp?.key !== key) lastDsp = { key, work: dspWorkload(design.features, dspMetaOf(design.input)) }
  return lastDsp.work
}

/** Fails with the design's own MoteFailure (11xxx, 12xxx) when the design does not work. */
export function designWorkload(design: ProjectDesign, variant?: VariantFigures): DesignWorkload {
  const graph = planModelGraph(design.model)
  const model = modelWorkload(
    graph,
    variant === undefined
      ? { asInt8: true }
      : {
          asInt8: variant.dtype === 'int8',
          weightBytes: variant.weightsFlashBytes,
          arenaBytes: variant.peakActivationBytes,
        },
  )
  return {
    model,
    dsp: cachedDspWorkload(design),
    inferencesPerSecond: inferencesPerSecondOf(design),
  }
}
