import type { JobContext } from '../../shared/api/jobs'
import { throwIfCancelled } from '../../shared/errors'
import { prepareData, type SampleSource, type WindowSet } from '../train/data-pipeline'
import { designHash, type ProjectDesign } from '../train/design'
import { trainFailure } from '../train/errors'
import type { GeneratedC, LabelledTable, ModelSize, NumericMode, TrainedClassical } from './learner'
import { learnerFor, trainClassical } from './registry'

/**
 * Trains a design's classical learner (`design.learner`) on the design's features: the same windows, blocks
 * and split as neural training (prepareData), the training and validation windows together as the training
 * table (no early stopping to feed), the test windows for the accuracy. Nothing is written here.
 */
export interface ClassicalMetrics {
  readonly kind: string
  readonly labels: readonly string[]
  readonly designHash: string
  /** Test accuracy (0–1) in each numeric mode, by the bit-exact references of the C. */
  readonly testAccuracy: { readonly float: number; readonly fixed: number }
  readonly testWindows: number
  readonly trainWindows: number
  readonly size: { readonly float: ModelSize; readonly fixed: ModelSize }
  readonly seconds: number
}

export interface ClassicalOutcome {
  readonly trained: TrainedClassical<unknown>
  readonly metrics: ClassicalMetrics
}

export function tableOf(sets: readonly WindowSet[], classes: number): LabelledTable {
  const cols = sets[0]!.featureSize
  const rows = sets.reduce((n, s) => n + s.count, 0)
  const x = new Float32Array(rows * cols)
  const y = new Int32Array(rows)
  let at = 0
  for (const s of sets) {
    x.set(s.features.subarray(0, s.count * cols), at * cols)
    y.set(s.labels.subarray(0, s.count), at)
    at += s.count
  }
  return { x, rows, cols, y, classes }
}

export function testAccuracy(
  trained: TrainedClassical<unknown>,
  table: LabelledTable,
  numeric: NumericMode,
): number {
  const def = learnerFor(trained.kind)
  let right = 0
  for (let r = 0; r < table.rows; r++) {
    const row = table.x.subarray(r * table.cols, (r + 1) * table.cols)
    if (def.predict(trained.model, row, numeric) === table.y[r]) right++
  }
  return table.rows === 0 ? 0 : right / table.rows
}

export async function runClassicalTraining(
  design: ProjectDesign,
  source: SampleSource,
  context: JobContext,
): Promise<ClassicalOutcome> {
  const started = Date.now()
  const choice = design.learner
  if (!choice) throw trainFailure('InvalidDesign', 'The design names no classical learner (design.learner).')
  context.progress(0, 'Computing the features')
  const data = await prepareData(design, source, {
    cancellation: context.cancellation,
    progress: (f, phrase) => context.progress(0.5 * f, phrase),
  })
  const classes = design.labels.length
  const train = tableOf([data.train, data.validation], classes)
  const test = tableOf([data.test], classes)
  context.log(
    `Training ${choice.kind} on ${train.rows} windows × ${train.cols} features, ${classes} classes.`,
  )
  context.progress(0.5, `Training ${choice.kind}`)
  const trained = trainClassical(choice.kind, train, choice.params, design.training.seed)
  throwIfCancelled(context.cancellation)
  context.progress(0.9, 'Testing the model')
  const def = learnerFor(choice.kind)
  const metrics: ClassicalMetrics = {
    kind: choice.kind,
    labels: design.labels,
    designHash: designHash(design),
    testAccuracy: {
      float: testAccuracy(trained, test, 'float'),
      fixed: testAccuracy(trained, test, 'fixed'),
    },
    testWindows: test.rows,
    trainWindows: train.rows,
    size: { float: def.size(trained.model, 'float'), fixed: def.size(trained.model, 'fixed') },
    seconds: (Date.now() - started) / 1000,
  }
  const pct = (a: number) => `${(a * 100).toFixed(2)}%`
  context.log(
    `Test accuracy ${pct(metrics.testAccuracy.float)} (float), ${pct(metrics.testAccuracy.fixed)} (fixed) on ${test.rows} windows; model data ${metrics.size.fixed.flashBytes} B fixed, ${metrics.size.float.flashBytes} B float.`,
  )
  return { trained, metrics }
}

/** The generated C of a trained model in both modes, named `<prefix>_fixed` / `<prefix>_float`. */
export function classicalSources(trained: TrainedClassical<unknown>, prefix: string): Record<string, string> {
  const def = learnerFor(trained.kind)
  const out: Record<string, string> = {}
  for (const numeric of ['fixed', 'float'] as const) {
    const name = `${prefix}_${numeric}`
    const code: GeneratedC = def.emitC(trained.model, numeric, name)
    out[`${name}.h`] = code.header
    out[`${name}.c`] = code.source
  }
  return out
}
