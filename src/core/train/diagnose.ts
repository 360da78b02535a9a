import type { MoteFailure } from '../../shared/errors'
import { trainFailure } from './errors'
import type { TrainSettings } from './settings'

/** Feature magnitudes above this make a first layer's outputs explode; a scale setting fixes it. */
export const LARGE_FEATURE = 1e4

/**
 * The message for a NaN/∞ loss, naming the setting that most likely caused it: features far from unit
 * scale first (a raw ADC count in the thousands), else a learning rate high for the optimizer, else class
 * weights or batch size, in that order of likelihood.
 */
export function nonFiniteLossFailure(
  settings: TrainSettings,
  epoch: number,
  batch: number,
  maxAbsFeature: number,
): MoteFailure {
  const where = `The loss became NaN or infinite at epoch ${epoch}, batch ${batch}, so training stopped and no model was saved.`
  if (maxAbsFeature > LARGE_FEATURE) {
    return trainFailure(
      'NonFiniteLoss',
      `${where} The features reach ${maxAbsFeature.toExponential(1)}, far from the ±10 a network trains well on: lower the feature block's scale setting (e.g. 1/${Math.round(maxAbsFeature / 10)}).`,
    )
  }
  const high = settings.optimizer === 'adam' ? 0.01 : 0.1
  if (settings.learningRate > high || settings.classWeights === 'none') {
    return trainFailure(
      'NonFiniteLoss',
      `${where} The learning rate ${settings.learningRate} is likely too high for ${settings.optimizer === 'adam' ? 'Adam' : 'SGD'}: lower it to ${settings.learningRate / 10} and train again.`,
    )
  }
  return trainFailure(
    'NonFiniteLoss',
    `${where} With balanced class weights a rare class can weigh a lot: turn class weights off or lower the learning rate (now ${settings.learningRate}).`,
  )
}
