import type { JobContext } from '../../shared/api/jobs'
import type { SplitCounts, TrainMetrics } from '../../shared/api/train'
import { throwIfCancelled } from '../../shared/errors'
import type { ModelGraph } from '../model/graph'
import { lowerModel } from '../model'
import { checkDesign, designHash, type ProjectDesign } from './design'
import { prepareData, type SampleSource, type WindowSet } from './data-pipeline'
import { formatEpochLine } from './epoch-line'
import { evaluatePredictions } from './evaluate'
import { layerWeightsOf, saveTfModel, type TfModelFiles } from './tf-files'
import { buildTfModel } from './tf-model'
import { predictProbabilities } from './tf-util'
import { fitModel } from './trainer'
import { trainingInputs, type FrozenBackbone } from './train-inputs'
import { trainFailure } from './errors'
import { standardizedDesign } from './standardize-design'

export type { SplitCounts, TrainMetrics } from '../../shared/api/train'

export interface TrainOutcome {
  /** The design trained: the one given, with its standardisation constants when it asks for them. */
  readonly design: ProjectDesign
  readonly files: TfModelFiles
  /** The float graph of the whole model (with a backbone: the dequantized backbone + the float head). */
  readonly graph: ModelGraph
  /** With a pretrained backbone: its own int8 ops + the int8 head, one graph. */
  readonly int8Graph?: ModelGraph
  readonly metrics: TrainMetrics
}

export interface TrainRunOptions {
  readonly context: JobContext
  /** Overrides the design's epoch count (the CLI's --epochs). */
  readonly epochs?: number
  /** The backend in use, recorded in the metrics (the caller selects it). */
  readonly backend: string
  readonly pause?: () => Promise<void>
  /** The frozen backbone of a design that starts from a pretrained model (loaded by the caller). */
  readonly backbone?: FrozenBackbone
  /** Background recordings from outside the samples (the augmentation's `backgroundFile`). */
  readonly backgrounds?: readonly Float32Array[]
}

function counts(set: WindowSet, labels: readonly string[]): SplitCounts {
  const perLabel = labels.map(() => 0)
  for (const l of set.labels) perLabel[l]!++
  return { samples: new Set(set.refs.map((r) => r.sampleId)).size, windows: set.count, perLabel }
}

/**
 * A whole training run: checks, features, fit, test evaluation, the model in TF.js's format and the lowered
 * float graph. Progress: 0–15 % features, 15–95 % epochs, then evaluation. Nothing is written here; the
 * caller stores the outcome (atomically), so a failed or cancelled run leaves no model behind.
 */
export async function runTraining(
  given: ProjectDesign,
  source: SampleSource,
  options: TrainRunOptions,
): Promise<TrainOutcome> {
  const started = Date.now()
  const { context } = options
  checkDesign(given)
  const design = await standardizedDesign(given, source)
  const settings =
    options.epochs === undefined ? design.training : { ...design.training, epochs: options.epochs }
  if (design.pretrained && !options.backbone)
    throw trainFailure(
      'InvalidDesign',
      `The design starts from the pretrained model "${design.pretrained.model}", but this run was not given its backbone: training from a pretrained model runs through the core API (bench/little-data) and not yet in the app. Remove it with \`mote design set pretrained=null\` to train the design's own model.`,
    )
  context.progress(0, 'Checking the data')
  const prepared = await prepareData(design, source, {
    cancellation: context.cancellation,
    progress: (f, phrase) => context.progress(0.15 * f, phrase),
    ...(options.pause ? { pause: options.pause } : {}),
    ...(options.backgrounds ? { backgrounds: options.backgrounds } : {}),
  })
  if (options.backbone) context.log(`Running the frozen ${options.backbone.name} on every window.`)
  const inputs = await trainingInputs(prepared, design.pretrained ? options.backbone : undefined)
  const data = { ...prepared, ...inputs }
  context.log(
    `Training on ${data.train.count} windows (${data.validation.count} validation, ${data.test.count} test), ${design.labels.length} classes, backend ${options.backend}.`,
  )
  const model = buildTfModel(design.model, { seed: settings.seed })
  const fitStarted = Date.now()
  try {
    const fit = await fitModel(model, data.train, data.validation, {
      settings,
      classes: design.labels.length,
      cancellation: context.cancellation,
      maxAbsFeature: data.maxAbsFeature,
      ...(inputs.trainFor ? { trainFor: inputs.trainFor } : {}),
      onEpoch: (m) => context.log(formatEpochLine(m, settings.epochs)),
      onBatch: (epoch, batch, batches) =>
        context.progress(
          0.15 + (0.8 * (epoch + (batch + 1) / batches)) / settings.epochs,
          `Epoch ${epoch + 1} of ${settings.epochs}, batch ${batch + 1} of ${batches}`,
        ),
      ...(options.pause ? { pause: options.pause } : {}),
    })
    const fitSeconds = (Date.now() - fitStarted) / 1000
    if (fit.stoppedEarly)
      context.log(
        `Early stopping: no better validation loss for ${settings.earlyStopping.patience} epochs; keeping epoch ${fit.bestEpoch}.`,
      )
    throwIfCancelled(context.cancellation)
    context.progress(0.96, 'Testing the model')
    const test = evaluatePredictions(
      predictProbabilities(model, data.test),
      data.test.labels,
      design.labels,
      data.test.refs,
    )
    const validation =
      data.validation.count === 0
        ? undefined
        : evaluatePredictions(
            predictProbabilities(model, data.validation),
            data.validation.labels,
            design.labels,
            data.validation.refs,
            0,
          )
    context.log(
      `Test accuracy ${(test.accuracy * 100).toFixed(2)}% on ${test.count} windows, loss ${test.loss.toFixed(4)}.`,
    )
    context.progress(0.98, 'Saving the model')
    const files = await exportModel(design, model, settings.seed)
    const lowered = lowerModel(design.model, layerWeightsOf(model))
    const whole = design.pretrained ? options.backbone?.combine(lowered, data.train) : undefined
    const graph = whole?.float ?? lowered
    const metrics: TrainMetrics = {
      labels: design.labels,
      designHash: designHash(design),
      backend: options.backend,
      epochs: settings.epochs,
      history: fit.history,
      bestEpoch: fit.bestEpoch,
      stoppedEarly: fit.stoppedEarly,
      test,
      ...(validation ? { validation: { loss: validation.loss, accuracy: validation.accuracy } } : {}),
      split: {
        train: counts(data.train, design.labels),
        validation: counts(data.validation, design.labels),
        test: counts(data.test, design.labels),
      },
      seconds: (Date.now() - started) / 1000,
      fitSeconds,
    }
    return { design, files, graph, ...(whole ? { int8Graph: whole.int8 } : {}), metrics }
  } finally {
    model.dispose()
  }
}

/** The trained weights in a model built with tfjs's standard layers, in TF.js's own format. */
async function exportModel(
  design: ProjectDesign,
  trained: ReturnType<typeof buildTfModel>,
  seed: number,
): Promise<TfModelFiles> {
  const exported = buildTfModel(design.model, { seed, forExport: true })
  try {
    exported.setWeights(trained.getWeights())
    return await saveTfModel(exported)
  } finally {
    exported.dispose()
  }
}
