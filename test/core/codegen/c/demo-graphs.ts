/**
 * The demo projects' models (src/main/services/demo/demo-samples.ts): gestures' dense MLP on spectral
 * features and keywords' 1-D CNN (width ×2) on MFE frames, built as the studio builds them — the design's
 * spec, TensorFlow.js's seeded initial weights, lowering — then quantized on random calibration features.
 */
import { lowerModel, type ModelSpec } from '../../../../src/core/model'
import type { ModelGraph } from '../../../../src/core/model/graph'
import { calibrate } from '../../../../src/core/compress/ptq/calibrate'
import { quantizeGraph } from '../../../../src/core/compress/ptq/quantize-graph'
import { layerWeightsOf } from '../../../../src/core/train/tf-files'
import { buildTfModel } from '../../../../src/core/train/tf-model'
import '@tensorflow/tfjs-backend-cpu'
import { createRng } from '../../../../src/core/train/random'
import {
  gestureSamples,
  gesturesDesign,
  keywordsDesign,
} from '../../../../src/main/services/demo/demo-samples'
import { DEMO_RATE_HZ } from '../../../../src/main/services/demo/speech-synth'
import type { Sample } from '../../../../src/core/dataset/sample'

export interface DemoGraphs {
  readonly name: string
  readonly float: ModelGraph
  readonly int8: ModelGraph
  readonly inputs: (count: number, seed: number) => Float32Array[]
}

/** Two silent one-second clips: enough for the keywords design's spec (its shapes come from the rate). */
function keywordMeta(): Sample[] {
  const meta = (label: string) => ({
    id: label,
    kind: 'audio' as const,
    label,
    category: 'training' as const,
    rateHz: DEMO_RATE_HZ,
    axes: [{ name: 'audio', unit: '' }],
    length: DEMO_RATE_HZ,
    source: 'test',
    createdAt: new Date(0).toISOString(),
  })
  return ['yes', 'no'].map(
    (label) => ({ meta: meta(label), values: new Float32Array(DEMO_RATE_HZ) }) as Sample,
  )
}

function demo(name: string, spec: ModelSpec): DemoGraphs {
  const model = buildTfModel(spec, { seed: 3 })
  const float = lowerModel(spec, layerWeightsOf(model), `${name} demo`)
  model.dispose()
  const size = spec.inputShape.reduce((a, b) => a * b, 1)
  const inputs = (count: number, seed: number) => {
    const rng = createRng(seed)
    return Array.from({ length: count }, () =>
      Float32Array.from({ length: size }, () => rng.next() * 2 - 0.5),
    )
  }
  return { name, float, int8: quantizeGraph(float, calibrate(float, inputs(32, 1))), inputs }
}

export function demoGraphs(): DemoGraphs[] {
  return [
    demo('gestures', gesturesDesign(gestureSamples(new Date(0))).model),
    demo('keywords', keywordsDesign(keywordMeta()).model),
  ]
}
