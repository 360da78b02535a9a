import type { SampleMeta } from '../../../../src/core/dataset/sample'
import { dspBlockCode, type DspNumeric } from '../../../../src/core/codegen/c/dsp-params'
import { extractWindow, windowInputShape, windowLayout } from '../../../../src/core/dsp'
import { prepareData, type SampleSource, type WindowSet } from '../../../../src/core/train/data-pipeline'
import { sampleDspMeta, type ProjectDesign } from '../../../../src/core/train/design'
import { buildTfModel } from '../../../../src/core/train/tf-model'
import { predictProbabilities } from '../../../../src/core/train/tf-util'
import { fitModel } from '../../../../src/core/train/trainer'
import { compileHarness } from './harness'

/**
 * The end-to-end check of the C port on a demo: train the demo's design with the project's training code on
 * TypeScript features, then classify every test window twice with the same model — on the TypeScript
 * features and on the host-compiled C block's features — and count the windows whose class agrees.
 * The fixed build reads each window as int16 counts of `inputLsb` (what a sensor delivers); the TypeScript
 * reads the original float values, so the figure includes the input's quantisation.
 */

function classes(probabilities: Float32Array, count: number): number[] {
  return Array.from({ length: probabilities.length / count }, (_, i) => {
    let best = 0
    for (let c = 1; c < count; c++)
      if (probabilities[i * count + c]! > probabilities[i * count + best]!) best = c
    return best
  })
}

function windowsOf(
  design: ProjectDesign,
  source: SampleSource,
  values: ReadonlyMap<string, Float32Array>,
  set: WindowSet,
) {
  const byId = new Map(source.samples.map((s) => [s.id, s]))
  return set.refs.map((ref) => {
    const meta = byId.get(ref.sampleId)!
    const { windowFrames, strideFrames } = windowLayout(design.features.window, meta.rateHz)
    return extractWindow(values.get(ref.sampleId)!, meta.axes.length, ref.window * strideFrames, windowFrames)
  })
}

export interface Agreement {
  readonly windows: number
  readonly tsAccuracy: number
  readonly agree: Readonly<Record<DspNumeric, number>>
  readonly cAccuracy: Readonly<Record<DspNumeric, number>>
}

export async function demoAgreement(
  design: ProjectDesign,
  source: SampleSource,
  values: ReadonlyMap<string, Float32Array>,
  inputLsb: number,
): Promise<Agreement> {
  const data = await prepareData(design, source)
  const labels = design.labels.length
  const model = buildTfModel(design.model, { seed: design.training.seed })
  try {
    await fitModel(model, data.train, data.validation, {
      settings: design.training,
      classes: labels,
      maxAbsFeature: data.maxAbsFeature,
    })
    const ts = classes(predictProbabilities(model, data.test), labels)
    const windows = windowsOf(design, source, values, data.test)
    const meta: SampleMeta = source.samples[0]!
    const input = windowInputShape(sampleDspMeta(meta), design.features)
    const agree = { float: 0, fixed: 0 }
    const cAccuracy = { float: 0, fixed: 0 }
    for (const numeric of ['float', 'fixed'] as const) {
      const code = dspBlockCode(design.features.blocks[0]!, input, { numeric, inputLsb }, 'features')
      const harness = compileHarness([code], numeric, { sanitize: false, optimize: '-O2' })
      try {
        const quantise = (w: Float32Array) =>
          numeric === 'float'
            ? w
            : Array.from(w, (v) => Math.max(-32767, Math.min(32767, Math.round(v / inputLsb))))
        const outputs = harness.run(0, windows.map(quantise))
        const features = new Float32Array(data.test.count * data.test.featureSize)
        outputs.forEach((o, i) => features.set(o, i * data.test.featureSize))
        const c = classes(predictProbabilities(model, { ...data.test, features }), labels)
        agree[numeric] = c.filter((k, i) => k === ts[i]).length / c.length
        cAccuracy[numeric] = c.filter((k, i) => k === data.test.labels[i]).length / c.length
      } finally {
        harness.dispose()
      }
    }
    const tsAccuracy = ts.filter((k, i) => k === data.test.labels[i]).length / ts.length
    return { windows: ts.length, tsAccuracy, agree, cAccuracy }
  } finally {
    model.dispose()
  }
}
