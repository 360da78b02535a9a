import { describe, expect, it } from 'vitest'
import {
  ANOMALY_KINDS,
  alarmRate,
  evaluateDetector,
  fitDetector,
  parseAnomalyModel,
  parseAnomalySettings,
  scoreTable,
  thresholdForFalseAlarmRate,
  trainAnomalyModel,
} from '../../../src/core/anomaly'
import { TrainErrorCode } from '../../../src/shared/api/train'
import { concat, normalStates, outliers } from './blobs'

const labels = (normal: number, anomalies: number) => [
  ...Array<boolean>(normal).fill(false),
  ...Array<boolean>(anomalies).fill(true),
]

describe.each(ANOMALY_KINDS)('the %s anomaly learner', (kind) => {
  // 40 epochs keep the autoencoder's four trainings here to a few seconds.
  const settings = parseAnomalySettings({ kind, clusters: 4, falseAlarmRate: 0.05, epochs: 40 })

  it('separates outliers from two correlated normal states: AUC above 0.97, most found at a 5 % false-alarm rate', () => {
    const detector = fitDetector(settings, normalStates(1, 400), normalStates(2, 200))
    const test = concat(normalStates(3, 300), outliers(4, 150))
    const result = evaluateDetector(detector, test, labels(300, 150))
    expect(result.auc).toBeGreaterThan(0.97)
    expect(result.detectionRate).toBeGreaterThan(0.8)
  })

  it('cannot tell windows from the normal distribution itself: AUC within 0.06 of ½', () => {
    const model = trainAnomalyModel(settings, normalStates(1, 400))
    const detector = { settings, model, threshold: 0, heldOutFalseAlarmRate: 0 }
    const result = evaluateDetector(
      detector,
      concat(normalStates(5, 400), normalStates(6, 400)),
      labels(400, 400),
    )
    expect(Math.abs(result.auc - 0.5)).toBeLessThan(0.06)
  })

  it('sets the threshold for the requested false-alarm rate: exact on held-out windows, close on new ones', () => {
    const detector = fitDetector(settings, normalStates(1, 400), normalStates(2, 1000))
    expect(detector.heldOutFalseAlarmRate).toBe(0.05)
    const fresh = alarmRate(scoreTable(detector.model, normalStates(7, 4000)), detector.threshold)
    // Sampling error of a 5 % rate estimated from 1000 windows: σ ≈ 0.007.
    expect(Math.abs(fresh - 0.05)).toBeLessThan(0.025)
  })

  it('is deterministic for a seed and survives a JSON round trip', () => {
    const a = trainAnomalyModel(settings, normalStates(1, 200))
    const b = trainAnomalyModel(settings, normalStates(1, 200))
    expect(a).toEqual(b)
    const back = parseAnomalyModel(JSON.parse(JSON.stringify(a)))
    expect(scoreTable(back, outliers(4, 10))).toEqual(scoreTable(a, outliers(4, 10)))
  })
})

describe('anomaly learner inputs', () => {
  it('refuses a NaN feature naming its window and feature', () => {
    const table = normalStates(1, 10)
    table.x[3 * 8 + 2] = Number.NaN
    expect(() => trainAnomalyModel(parseAnomalySettings({}), table)).toThrow(
      expect.objectContaining({
        code: TrainErrorCode.AnomalyBadData,
        message: expect.stringMatching(/Window 4.*feature 3/),
      }),
    )
  })

  it('refuses settings out of range and an unknown learner', () => {
    expect(() => parseAnomalySettings({ falseAlarmRate: 2 })).toThrow(
      expect.objectContaining({ code: TrainErrorCode.AnomalyBadParams }),
    )
    expect(() => parseAnomalySettings({ kind: 'svm' })).toThrow(
      expect.objectContaining({
        code: TrainErrorCode.AnomalyBadParams,
        message: expect.stringMatching(/kind/),
      }),
    )
  })

  it('refuses a damaged stored model and one whose shapes disagree', () => {
    expect(() => parseAnomalyModel({ kind: 'kmeans' })).toThrow(
      expect.objectContaining({ code: TrainErrorCode.AnomalyModelDamaged }),
    )
    const model = trainAnomalyModel(parseAnomalySettings({ kind: 'gaussian' }), normalStates(1, 50))
    if (model.kind !== 'gaussian') throw new Error('expected a Gaussian model')
    const cut = { ...model, whitening: model.whitening.slice(1) }
    expect(() => parseAnomalyModel(cut)).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/8 features/) }),
    )
  })

  it('needs held-out windows for a threshold', () => {
    expect(() => thresholdForFalseAlarmRate([], 0.01)).toThrow(
      expect.objectContaining({ code: TrainErrorCode.AnomalyBadData }),
    )
    expect(thresholdForFalseAlarmRate([5, 1, 4, 2, 3], 0.2)).toBe(4)
    expect(thresholdForFalseAlarmRate([5, 1, 4, 2, 3], 0)).toBe(5)
  })
})
