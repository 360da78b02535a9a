import * as tf from '@tensorflow/tfjs-core'
import type { LabelledTable } from '../../src/core/classical/learner'
import { buildPreset } from '../../src/core/model/presets'
import { selectTrainingBackend } from '../../src/core/train/backend-choice'
import { trainSettingsSchema } from '../../src/core/train/settings'
import { buildTfModel } from '../../src/core/train/tf-model'
import { predictProbabilities } from '../../src/core/train/tf-util'
import { fitModel } from '../../src/core/train/trainer'
import type { WindowSet } from '../../src/core/train/window-set'

/**
 * The float MLP baseline, trained with the studio's own training core (fitModel, the dense-mlp preset with
 * hidden layers [32, 16]), on features scaled to 0…1 as a "features as they are" design with
 * standardisation would feed them. Returns its test accuracy and its float32 parameter bytes.
 */
export interface MlpResult {
  readonly accuracy: number
  readonly parameterBytes: number
  readonly seconds: number
}

function windowSet(data: LabelledTable, scale: number): WindowSet {
  return {
    count: data.rows,
    featureShape: [data.cols],
    featureSize: data.cols,
    features: data.x.map((v) => v * scale),
    labels: data.y,
    refs: Array.from({ length: data.rows }, (_, i) => ({ sampleId: `row${i}`, window: 0, copy: 0 })),
  }
}

export async function trainMlpBaseline(
  train: LabelledTable,
  test: LabelledTable,
  maxValue: number,
): Promise<MlpResult> {
  const started = Date.now()
  await selectTrainingBackend('fast')
  const spec = buildPreset('dense-mlp', [train.cols], train.classes, { hidden: [32, 16] })
  const model = buildTfModel(spec, { seed: 1 })
  // No early stopping: the test rows are passed as the validation set only for the log, never to choose weights.
  const settings = trainSettingsSchema.parse({
    epochs: 60,
    learningRate: 0.005,
    seed: 1,
    earlyStopping: { enabled: false },
  })
  const trainSet = windowSet(train, 1 / maxValue)
  const testSet = windowSet(test, 1 / maxValue)
  await fitModel(model, trainSet, testSet, { settings, classes: train.classes })
  const probs = predictProbabilities(model, testSet)
  let right = 0
  for (let r = 0; r < test.rows; r++) {
    let best = 0
    for (let c = 1; c < test.classes; c++)
      if (probs[r * test.classes + c]! > probs[r * test.classes + best]!) best = c
    if (best === test.y[r]) right++
  }
  const parameters = model.countParams()
  model.dispose()
  tf.disposeVariables()
  return {
    accuracy: right / test.rows,
    parameterBytes: parameters * 4,
    seconds: (Date.now() - started) / 1000,
  }
}
