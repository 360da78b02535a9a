import type { CancellationToken } from '../../shared/api/jobs'
import { throwIfCancelled } from '../../shared/errors'
import type { SampleMeta } from '../dataset/sample'
import { computeFeatures, sampleWindowCount } from '../dsp'
import { AugmentedCopies, type TrainingSample } from './augment-epochs'
export { SetBuilder, type WindowRef, type WindowSet } from './window-set'
import type { Background } from './augment'
import { type ProjectDesign, featureShapeOf, sampleDspMeta } from './design'
import { checkInputs, checkLabels, checkTrainingData, checkWindowFits } from './data-checks'
import { trainFailure } from './errors'
import { SetBuilder, type WindowSet } from './window-set'
import { createRng, hashSeed, shuffled } from './random'

/** Where training reads samples from: the index and a loader for values (a project folder, a test fixture). */
export interface SampleSource {
  readonly samples: readonly SampleMeta[]
  load(id: string): Promise<Float32Array>
}

export interface PreparedData {
  readonly train: WindowSet
  readonly validation: WindowSet
  readonly test: WindowSet
  readonly labels: readonly string[]
  /** Largest |feature| of the training set: large values hint that the block needs a scale. */
  readonly maxAbsFeature: number
  /** Augmented copies of the training windows, drawn anew per epoch; absent when augmentation is off. */
  readonly augmented?: AugmentedCopies
}

export interface PrepareOptions {
  readonly cancellation?: CancellationToken
  readonly progress?: (fraction: number, phrase: string) => void
  /** Called between samples so that a worker can receive a cancel message (e.g. tf.nextFrame). */
  readonly pause?: () => Promise<void>
  /** Background recordings from outside the samples (the design's `backgroundFile`, loaded by the caller). */
  readonly backgrounds?: readonly Background[]
}

/**
 * Splits training samples into train and validation by whole sample (windows of one sample overlap, so
 * splitting windows would leak), per label, seeded: round(n·fraction) samples of each label go to
 * validation, always leaving one for training.
 */
export function splitValidation(design: ProjectDesign, samples: readonly SampleMeta[]) {
  const rng = createRng(hashSeed(design.training.seed, 1))
  const validation = new Set<string>()
  for (const label of design.labels) {
    const own = samples
      .filter((s) => s.category === 'training' && s.label === label)
      .sort((a, b) => a.id.localeCompare(b.id))
    const take =
      own.length < 2
        ? 0
        : Math.min(own.length - 1, Math.round(own.length * design.training.validationFraction))
    for (const s of shuffled(own, rng).slice(0, take)) validation.add(s.id)
  }
  return {
    train: samples.filter((s) => s.category === 'training' && !validation.has(s.id)),
    validation: samples.filter((s) => validation.has(s.id)),
    test: samples.filter((s) => s.category === 'testing'),
  }
}

/** Checks the data (data-checks.ts), splits it, and computes the features of every window (augmented copies for training). */
export async function prepareData(
  design: ProjectDesign,
  source: SampleSource,
  options: PrepareOptions = {},
): Promise<PreparedData> {
  const usable = source.samples
  checkTrainingData(design, usable)
  const split = splitValidation(design, usable)
  const shape = featureShapeOf(design)
  const classOf = new Map(design.labels.map((l, i) => [l, i]))
  const backgrounds = await loadBackgrounds(design, split.train, source)
  const sets = {
    train: new SetBuilder(shape),
    validation: new SetBuilder(shape),
    test: new SetBuilder(shape),
  }
  const order = [
    ...split.train.map((m) => ['train', m] as const),
    ...split.validation.map((m) => ['validation', m] as const),
    ...split.test.map((m) => ['test', m] as const),
  ]
  let done = 0
  const kept: TrainingSample[] = []
  for (const [set, meta] of order) {
    throwIfCancelled(options.cancellation)
    const values = await source.load(meta.id)
    const label = classOf.get(meta.label)!
    addSampleWindows(design, meta, values, label, sets[set])
    if (set === 'train' && meta.kind !== 'image') kept.push({ meta, values, label })
    done++
    options.progress?.(done / order.length, `Computing features: sample ${done} of ${order.length}`)
    if (options.pause && done % 8 === 0) await options.pause()
  }
  const train = sets.train.build()
  let maxAbsFeature = 0
  for (const v of train.features) maxAbsFeature = Math.max(maxAbsFeature, Math.abs(v))
  const aug = design.training.augmentation
  return {
    train,
    validation: sets.validation.build(),
    test: sets.test.build(),
    labels: design.labels,
    maxAbsFeature,
    ...(aug.copies > 0 && kept.length > 0
      ? { augmented: new AugmentedCopies(design, kept, [...backgrounds, ...(options.backgrounds ?? [])]) }
      : {}),
  }
}

/** Features of every window of one sample, pushed to `set`. */
export function addSampleWindows(
  design: ProjectDesign,
  meta: SampleMeta,
  values: Float32Array,
  label: number,
  set: SetBuilder,
): void {
  const dspMeta = sampleDspMeta(meta)
  const count = sampleWindowCount(values.length, dspMeta, design.features)
  for (let w = 0; w < count; w++)
    set.push(
      computeFeatures(values, dspMeta, design.features, w),
      label,
      { sampleId: meta.id, window: w, copy: 0 },
      meta,
    )
}

async function loadBackgrounds(
  design: ProjectDesign,
  train: readonly SampleMeta[],
  source: SampleSource,
): Promise<Background[]> {
  const aug = design.training.augmentation
  if (aug.copies === 0 || aug.backgroundLabel === '' || aug.backgroundGain === 0) return []
  const own = train.filter((s) => s.label === aug.backgroundLabel && s.axes.length === 1)
  if (own.length === 0) {
    throw trainFailure(
      'NoData',
      `Background mixing uses the samples labelled "${aug.backgroundLabel}", but there are none in the training split. Pick another background label or turn background mixing off.`,
    )
  }
  return Promise.all(own.map((s) => source.load(s.id)))
}

/**
 * Only the test split's windows (for evaluating a stored model again): the label, input and window checks
 * apply to the test samples; a class absent from the test split is still an error.
 */
export async function prepareTestSet(
  design: ProjectDesign,
  source: SampleSource,
  options: PrepareOptions = {},
): Promise<WindowSet> {
  const test = source.samples.filter((s) => s.category === 'testing')
  checkLabels(design, test)
  checkInputs(design, test)
  checkWindowFits(design, test)
  const missing = design.labels.filter((l) => !test.some((s) => s.label === l))
  if (missing.length > 0)
    throw trainFailure(
      'MissingTestClass',
      `Class(es) ${missing.map((l) => `"${l}"`).join(', ')} have no samples in the test split. Move some of their samples to the test split in the Dataset view.`,
    )
  const set = new SetBuilder(featureShapeOf(design))
  const classOf = new Map(design.labels.map((l, i) => [l, i]))
  for (const [i, meta] of test.entries()) {
    throwIfCancelled(options.cancellation)
    addSampleWindows(design, meta, await source.load(meta.id), classOf.get(meta.label)!, set)
    options.progress?.((i + 1) / test.length, `Computing features: test sample ${i + 1} of ${test.length}`)
    if (options.pause && i % 8 === 7) await options.pause()
  }
  return set.build()
}
