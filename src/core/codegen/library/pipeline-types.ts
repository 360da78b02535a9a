import type { DspDesignCode, DspNumeric } from '../c/dsp-params'
import type { GeneratedModelCode } from '../c/generate'
import type { FeatureDesign, SampleMeta } from '../../dsp'
import type { ModelGraph } from '../../model/graph'

/** The feature design as the library runs it: the generated DSP tables for one build. */
export interface PipelineFeatures {
  readonly design: FeatureDesign
  readonly meta: SampleMeta
  readonly numeric: DspNumeric
  /** The fixed build's real value of one sample count (docs/dsp.md); 1 for the float build. */
  readonly inputLsb: number
  readonly code: DspDesignCode
}

/** Everything a library is generated from (pure data; the service loads it from the project). */
export interface PipelineInput {
  readonly project: string
  readonly variant: string
  readonly graph: ModelGraph
  readonly model: GeneratedModelCode
  readonly features: PipelineFeatures
  /** The class labels in output order. */
  readonly labels: readonly string[]
}

/** A file of a library, relative to its root (`/`-separated). */
export interface LibraryFile {
  readonly path: string
  readonly text: string
}
