import { join } from 'node:path'
import { z } from 'zod'
import { selectTrainingBackend } from '../../../core/train/backend-choice'
import { prepareTestSet } from '../../../core/train/data-pipeline'
import { parseProjectDesign } from '../../../core/train/design'
import { evaluatePredictions } from '../../../core/train/evaluate'
import { loadTfModel } from '../../../core/train/tf-files'
import { predictProbabilities } from '../../../core/train/tf-util'
import { runTraining } from '../../../core/train/train-run'
import { runClassicalTraining, type ClassicalMetrics } from '../../../core/classical/train-design'
import { ClassicalStore } from './classical-store'
import type { JobContext } from '../../../shared/api/jobs'
import { throwIfCancelled } from '../../../shared/errors'
import type { JobKind } from '../jobs/job-protocol'
import { nodeFileSystem } from '../system/file-system'
import { MODEL_FILES, ModelStore } from './model-store'
import { ProjectFiles } from './project-files'

export { EVALUATE_JOB, TRAIN_JOB } from './train-job-kinds'

export const trainJobParamsSchema = z.object({
  projectDir: z.string().min(1),
  epochs: z.number().int().min(1).optional(),
  backend: z.enum(['auto', 'fast', 'cpu']).default('auto'),
})
export type TrainJobParams = z.input<typeof trainJobParamsSchema>

export interface TrainJobResult {
  readonly modelId: string
  readonly accuracy: number
  readonly backend: string
  /** A classical learner's figures (backend 'classical'; modelId is then its folder, `classical/<kind>`). */
  readonly classical?: ClassicalMetrics
}

/** Lets the worker's event loop run (a cancel message arrives as an event) without slowing training. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * The `train` job, in a worker thread: reads the project's design and samples from disk, trains on the fast
 * kernels (or stock tfjs-cpu), and stores the model (ModelStore: staged, renamed, then made current). A
 * failed or cancelled run stores nothing.
 */
export const trainJob: JobKind = {
  async run(params, context: JobContext): Promise<TrainJobResult> {
    const p = trainJobParamsSchema.parse(params)
    const files = new ProjectFiles(p.projectDir, nodeFileSystem)
    const design = await files.requireDesign()
    const source = await files.sampleSource()
    if (design.learner) {
      // A classical learner (issue 15): trained on the same features, stored beside the neural models.
      const { trained, metrics } = await runClassicalTraining(design, source, context)
      throwIfCancelled(context.cancellation)
      const where = await new ClassicalStore(p.projectDir, nodeFileSystem).store(trained, metrics, design)
      context.log(`Stored the ${trained.kind} model and its C (fixed and float) in ${where}.`)
      const result: TrainJobResult = {
        modelId: where,
        accuracy: metrics.testAccuracy.fixed,
        backend: 'classical',
        classical: metrics,
      }
      return result
    }
    const { backend, note } = await selectTrainingBackend(p.backend)
    if (note) context.log(note)
    const outcome = await runTraining(design, source, {
      context,
      backend,
      pause,
      ...(p.epochs === undefined ? {} : { epochs: p.epochs }),
    })
    throwIfCancelled(context.cancellation)
    const stored = await new ModelStore(p.projectDir, nodeFileSystem).store(outcome)
    context.log(`Stored model ${stored.id} in models/${stored.id}.`)
    return { modelId: stored.id, accuracy: outcome.metrics.test.accuracy, backend }
  },
}

export const evaluateJobParamsSchema = z.object({ projectDir: z.string().min(1) })

/** The `evaluate` job: the current model on the current test split, with the design it was trained on. */
export const evaluateJob: JobKind = {
  async run(params, context: JobContext) {
    const p = evaluateJobParamsSchema.parse(params)
    const store = new ModelStore(p.projectDir, nodeFileSystem)
    const current = await store.requireCurrent()
    const snapshot = await nodeFileSystem.readFile(
      join(p.projectDir, 'models', current.id, MODEL_FILES.design),
      'utf8',
    )
    const design = parseProjectDesign(JSON.parse(snapshot))
    await selectTrainingBackend('auto')
    const source = await new ProjectFiles(p.projectDir, nodeFileSystem).sampleSource()
    const test = await prepareTestSet(design, source, {
      cancellation: context.cancellation,
      pause,
      progress: (f, phrase) => context.progress(0.8 * f, phrase),
    })
    const model = await loadTfModel(await store.readTfFiles(current.id))
    try {
      context.progress(0.9, 'Running the model on the test split')
      const evaluation = evaluatePredictions(
        predictProbabilities(model, test),
        test.labels,
        design.labels,
        test.refs,
      )
      const stored = await store.updateMetrics(current.id, { ...current.metrics, test: evaluation })
      context.log(
        `Test accuracy ${(evaluation.accuracy * 100).toFixed(2)}% on ${evaluation.count} windows, loss ${evaluation.loss.toFixed(4)}.`,
      )
      return { modelId: stored.id, accuracy: evaluation.accuracy }
    } finally {
      model.dispose()
    }
  },
}
