import { standardizationOf, wantsStandardization, withStandardization } from '../dsp'
import type { ProjectDesign } from './design'
import { splitValidation, type SampleSource } from './data-pipeline'

/**
 * The design with its standardisation constants (src/core/dsp/standardize.ts) computed from this data:
 * every frame of the training split's samples of the design's labels and input width — the samples held
 * out for validation and the test split are not looked at. A design that does not standardise is returned
 * as it is. Training calls this first and stores the result with the model, so the model, its C and its
 * evaluation use the constants it was trained with.
 */
export async function standardizedDesign(
  design: ProjectDesign,
  source: SampleSource,
): Promise<ProjectDesign> {
  if (!wantsStandardization(design.features)) return design
  const labels = new Set(design.labels)
  const axes = design.input.axes.length
  const train = splitValidation(design, source.samples).train.filter(
    (s) => labels.has(s.label) && s.axes.length === axes,
  )
  const values: Float32Array[] = []
  for (const meta of train) values.push(await source.load(meta.id))
  return { ...design, features: withStandardization(design.features, standardizationOf(values, axes)) }
}
