import type { SampleMeta } from '../dataset/sample'
import { type SampleSource, SetBuilder, addSampleWindows } from '../train/data-pipeline'
import { type ProjectDesign, featureShapeOf } from '../train/design'
import { createRng, shuffled } from '../train/random'
import { anomalyFailure } from './errors'
import type { FeatureTable } from './table'

/** The windows anomaly detection works on, computed by the design's feature blocks. */
export interface AnomalyWindows {
  /** Normal windows the model is fitted on. */
  readonly fit: FeatureTable
  /** Normal windows of other samples, kept out of fitting, which set the threshold. */
  readonly heldOut: FeatureTable
  /** The test split's windows, and which are anomalies (a label other than the normal one). */
  readonly test: FeatureTable
  readonly testAnomalous: readonly boolean[]
  readonly testSampleIds: readonly string[]
}

export interface AnomalySplitOptions {
  /** The label of normal behaviour (default "normal"). */
  readonly normalLabel?: string
  /** Share of the normal training samples held out for the threshold (default 0.25, at least one sample). */
  readonly heldOutFraction?: number
  readonly seed?: number
}

/**
 * Splits by whole sample (a sample's windows overlap, so splitting windows would leak): the training split's
 * normal samples, shuffled by the seed, give `heldOutFraction` of them to the threshold and the rest to
 * fitting; other labels in the training split are left out (the learners see normal data only); every test
 * sample is evaluated, anomalous unless it has the normal label.
 */
export async function anomalyWindows(
  design: ProjectDesign,
  source: SampleSource,
  options: AnomalySplitOptions = {},
): Promise<AnomalyWindows> {
  const normalLabel = options.normalLabel ?? 'normal'
  const normal = source.samples
    .filter((s) => s.category === 'training' && s.label === normalLabel)
    .sort((a, b) => a.id.localeCompare(b.id))
  if (normal.length < 2)
    throw anomalyFailure(
      'AnomalyBadData',
      `Anomaly detection learns from training samples labelled "${normalLabel}" and needs at least two (one is held out to set the threshold); the project has ${normal.length}.`,
    )
  const heldOutCount = Math.max(1, Math.round(normal.length * (options.heldOutFraction ?? 0.25)))
  const order = shuffled(normal, createRng(options.seed ?? 1))
  const test = source.samples.filter((s) => s.category === 'testing')
  const shape = featureShapeOf(design)
  const fit = await windowsOf(design, source, order.slice(heldOutCount), shape)
  const heldOut = await windowsOf(design, source, order.slice(0, heldOutCount), shape)
  const tested = await windowsOf(design, source, test, shape)
  return {
    fit: fit.table,
    heldOut: heldOut.table,
    test: tested.table,
    testAnomalous: tested.sampleIds.map(
      (id) => source.samples.find((s) => s.id === id)!.label !== normalLabel,
    ),
    testSampleIds: tested.sampleIds,
  }
}

async function windowsOf(
  design: ProjectDesign,
  source: SampleSource,
  samples: readonly SampleMeta[],
  shape: readonly number[],
): Promise<{ table: FeatureTable; sampleIds: string[] }> {
  const set = new SetBuilder(shape)
  for (const meta of samples) addSampleWindows(design, meta, await source.load(meta.id), 0, set)
  const built = set.build()
  return {
    table: { x: built.features, rows: built.count, cols: built.featureSize },
    sampleIds: built.refs.map((r) => r.sampleId),
  }
}
