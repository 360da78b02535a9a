/**
 * A PipelineInput for the gestures demo's design: its dense MLP with TensorFlow.js's seeded initial weights,
 * quantized on random features, and the design's DSP code for either build.
 */
import '@tensorflow/tfjs-backend-cpu'
import { dspDesignCode, type DspNumeric } from '../../../../src/core/codegen/c/dsp-params'
import { pipelineModelCode, type PipelineInput } from '../../../../src/core/codegen/library'
import { calibrate } from '../../../../src/core/compress/ptq/calibrate'
import { quantizeGraph } from '../../../../src/core/compress/ptq/quantize-graph'
import { lowerModel } from '../../../../src/core/model'
import type { ModelGraph } from '../../../../src/core/model/graph'
import { dspMetaOf, type ProjectDesign } from '../../../../src/core/train/design'
import { createRng } from '../../../../src/core/train/random'
import { layerWeightsOf } from '../../../../src/core/train/tf-files'
import { buildTfModel } from '../../../../src/core/train/tf-model'
import { gestureSamples, gesturesDesign } from '../../../../src/main/services/demo/demo-samples'

let cached: { design: ProjectDesign; graph: ModelGraph } | undefined

/** The gestures design and an int8 graph for it (built once per test file). */
export function gesturesModel(): { design: ProjectDesign; graph: ModelGraph } {
  if (cached) return cached
  const design = gesturesDesign(gestureSamples(new Date(0)))
  const model = buildTfModel(design.model, { seed: 3 })
  const float = lowerModel(design.model, layerWeightsOf(model), 'gestures')
  model.dispose()
  const size = design.model.inputShape.reduce((a, b) => a * b, 1)
  const rng = createRng(5)
  const inputs = Array.from({ length: 16 }, () =>
    Float32Array.from({ length: size }, () => rng.next() * 2 - 1),
  )
  cached = { design, graph: quantizeGraph(float, calibrate(float, inputs)) }
  return cached
}

export function gesturesPipeline(
  numeric: DspNumeric = 'float',
  overrides: Partial<Pick<PipelineInput, 'project' | 'labels' | 'graph'>> = {},
): PipelineInput {
  const { design, graph } = gesturesModel()
  const meta = dspMetaOf(design.input)
  const inputLsb = numeric === 'fixed' ? 1 / 1024 : 1
  const code = dspDesignCode(design.features, meta, { numeric, inputLsb })
  const used = overrides.graph ?? graph
  return {
    project: overrides.project ?? 'Wrist gestures',
    variant: 'int8 PTQ',
    graph: used,
    model: pipelineModelCode({ graph: used, project: 'Wrist gestures', variant: 'int8 PTQ' }),
    features: { design: design.features, meta, numeric, inputLsb, code },
    labels: overrides.labels ?? design.labels,
  }
}
