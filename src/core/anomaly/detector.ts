import { z } from 'zod'
import {
  AUTOENCODER_DEFAULTS,
  type AutoencoderModel,
  autoencoderScore,
  trainAutoencoder,
} from './autoencoder'
import { anomalyFailure } from './errors'
import { GAUSSIAN_DEFAULTS, type GaussianModel, gaussianScore, trainGaussian } from './gaussian'
import { KMEANS_DEFAULTS, type KMeansModel, kmeansScore, trainKMeans } from './kmeans'
import { type RocPoint, rocAuc, rocCurve } from './roc'
import { type FeatureTable, checkFeatureTable, rowOf } from './table'
import { alarmRate, thresholdForFalseAlarmRate } from './threshold'

/** The anomaly learners, all trained on normal windows only. Higher score = more anomalous. */
export const ANOMALY_KINDS = ['kmeans', 'gaussian', 'autoencoder'] as const
export type AnomalyKind = (typeof ANOMALY_KINDS)[number]
export type AnomalyModel = KMeansModel | GaussianModel | AutoencoderModel

/** Every learner's settings, defaults filled in (what `mote anomaly train` and the Train view edit). */
export const anomalySettingsSchema = z.object({
  kind: z.enum(ANOMALY_KINDS).default('gaussian'),
  /** Target false-alarm rate on normal windows, which sets the threshold. */
  falseAlarmRate: z.number().min(0).max(0.5).default(0.01),
  seed: z.number().int().min(0).default(1),
  clusters: z.number().int().min(1).max(64).default(KMEANS_DEFAULTS.clusters),
  shrinkage: z.number().min(0).max(1).default(GAUSSIAN_DEFAULTS.shrinkage),
  hidden: z.number().int().min(1).max(256).default(AUTOENCODER_DEFAULTS.hidden),
  bottleneck: z.number().int().min(1).max(64).default(AUTOENCODER_DEFAULTS.bottleneck),
  epochs: z.number().int().min(1).max(1000).default(AUTOENCODER_DEFAULTS.epochs),
})
export type AnomalySettings = z.output<typeof anomalySettingsSchema>

export function parseAnomalySettings(value: unknown): AnomalySettings {
  const parsed = anomalySettingsSchema.safeParse(value ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw anomalyFailure('AnomalyBadParams', `Anomaly setting "${issue?.path.join('.')}": ${issue?.message}.`)
  }
  return parsed.data
}

export function trainAnomalyModel(settings: AnomalySettings, normal: FeatureTable): AnomalyModel {
  checkFeatureTable(normal, 'normal training windows')
  switch (settings.kind) {
    case 'kmeans':
      return trainKMeans(normal, { ...KMEANS_DEFAULTS, clusters: settings.clusters }, settings.seed)
    case 'gaussian':
      return trainGaussian(normal, { shrinkage: settings.shrinkage })
    case 'autoencoder':
      return trainAutoencoder(
        normal,
        {
          ...AUTOENCODER_DEFAULTS,
          hidden: settings.hidden,
          bottleneck: settings.bottleneck,
          epochs: settings.epochs,
        },
        settings.seed,
      )
  }
}

export function anomalyScore(model: AnomalyModel, row: ArrayLike<number>): number {
  if (row.length !== model.standardiser.mean.length)
    throw anomalyFailure(
      'AnomalyBadData',
      `The detector reads ${model.standardiser.mean.length} features, but the window has ${row.length}: train it again for this design.`,
    )
  if (model.kind === 'kmeans') return kmeansScore(model, row)
  if (model.kind === 'gaussian') return gaussianScore(model, row)
  return autoencoderScore(model, row)
}

export function scoreTable(model: AnomalyModel, table: FeatureTable): Float64Array {
  return Float64Array.from({ length: table.rows }, (_, r) => anomalyScore(model, rowOf(table, r)))
}

/** A trained model with its alarm threshold: alarm when score > threshold. */
export interface AnomalyDetector {
  readonly settings: AnomalySettings
  readonly model: AnomalyModel
  readonly threshold: number
  /** The false-alarm rate on the held-out normal windows that chose the threshold. */
  readonly heldOutFalseAlarmRate: number
}

/** Fits on `normal`, then sets the threshold from the scores of `heldOut` (other normal windows). */
export function fitDetector(
  settings: AnomalySettings,
  normal: FeatureTable,
  heldOut: FeatureTable,
): AnomalyDetector {
  const model = trainAnomalyModel(settings, normal)
  checkFeatureTable(heldOut, 'held-out normal windows')
  const scores = scoreTable(model, heldOut)
  const threshold = thresholdForFalseAlarmRate(scores, settings.falseAlarmRate)
  return { settings, model, threshold, heldOutFalseAlarmRate: alarmRate(scores, threshold) }
}

export interface AnomalyEvaluation {
  readonly windows: number
  readonly anomalies: number
  /** NaN when the windows are all normal or all anomalous. */
  readonly auc: number
  readonly roc: readonly RocPoint[]
  /** At the detector's threshold. */
  readonly falseAlarmRate: number
  readonly detectionRate: number
  readonly scores: Float64Array
}

/** Scores labelled windows (`anomalous[r]` true for a fault) and measures the detector on them. */
export function evaluateDetector(
  detector: AnomalyDetector,
  table: FeatureTable,
  anomalous: readonly boolean[],
): AnomalyEvaluation {
  checkFeatureTable(table, 'test windows')
  const scores = scoreTable(detector.model, table)
  const normalScores = scores.filter((_, r) => !anomalous[r])
  const faultScores = scores.filter((_, r) => anomalous[r])
  return {
    windows: table.rows,
    anomalies: faultScores.length,
    auc: rocAuc(scores, anomalous),
    roc: rocCurve(scores, anomalous),
    falseAlarmRate: alarmRate(normalScores, detector.threshold),
    detectionRate: alarmRate(faultScores, detector.threshold),
    scores,
  }
}
