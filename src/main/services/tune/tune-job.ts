import { z } from 'zod'
import { durationMs } from '../../../core/dataset/sample'
import { selectTrainingBackend } from '../../../core/train/backend-choice'
import type { SampleSource } from '../../../core/train/data-pipeline'
import type { ProjectDesign } from '../../../core/train/design'
import { runTraining } from '../../../core/train/train-run'
import { budgetBoard, tuneBudgetSchema } from '../../../core/tune/budget'
import type { Trial, TrialResult } from '../../../core/tune/halving'
import { bestCandidate } from '../../../core/tune/results'
import {
  createTuneState,
  isSameSearch,
  outOfTime,
  planNextTrial,
  recordTrialResult,
  trialCounts,
  tuneSettingsSchema,
  type TuneState,
} from '../../../core/tune/state'
import type { JobContext } from '../../../shared/api/jobs'
import { throwIfCancelled, toMoteError } from '../../../shared/errors'
import type { JobKind } from '../jobs/job-protocol'
import { nodeFileSystem } from '../system/file-system'
import { ProjectFiles } from '../train/project-files'
import { TuneFiles } from './tune-files'

export { TUNE_JOB } from './tune-job-kinds'

export const tuneJobParamsSchema = z.object({
  projectDir: z.string().min(1),
  budget: tuneBudgetSchema,
  settings: tuneSettingsSchema,
  /** Start over even when the project holds an unfinished search with the same settings. */
  fresh: z.boolean().default(false),
})
export type TuneJobParams = z.input<typeof tuneJobParamsSchema>

export interface TuneJobResult {
  readonly finished: boolean
  readonly outOfTime: boolean
  readonly trials: number
  readonly bestId?: string
}

/** Lets the worker's event loop run (a cancel message arrives as an event) without slowing training. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve))

/** The shortest sample of the design's input, in ms: window lengths beyond it are not tried. */
function shortestMs(source: SampleSource, design: ProjectDesign): number {
  const matching = source.samples.filter(
    (s) => s.kind === design.input.kind && s.rateHz === design.input.rateHz,
  )
  return Math.min(...matching.map((s) => durationMs(s) || 1000))
}

/** A context for one trial: its progress inside the trial's share of the search, no per-epoch lines. */
function trialContext(context: JobContext, done: number, planned: number, label: string): JobContext {
  return {
    cancellation: context.cancellation,
    log: () => undefined,
    progress: (fraction, phrase) =>
      context.progress((done + fraction) / planned, `Trial ${done + 1} of ${planned} (${label}): ${phrase}`),
  }
}

async function runTrial(
  state: TuneState,
  trial: Trial,
  source: SampleSource,
  backend: string,
  context: JobContext,
): Promise<TrialResult> {
  const candidate = state.candidates.find((c) => c.id === trial.candidateId)!
  const { done, planned } = trialCounts(state)
  const started = Date.now()
  try {
    const outcome = await runTraining(candidate.design, source, {
      context: trialContext(context, done, planned, candidate.id),
      backend,
      pause,
      epochs: trial.epochs,
    })
    const m = outcome.metrics
    return {
      accuracy: m.validation?.accuracy ?? m.test.accuracy,
      testAccuracy: m.test.accuracy,
      epochsRun: m.history.length,
      seconds: (Date.now() - started) / 1000,
    }
  } catch (error) {
    throwIfCancelled(context.cancellation)
    const message = toMoteError(error).message
    return {
      accuracy: 0,
      testAccuracy: 0,
      epochsRun: 0,
      seconds: (Date.now() - started) / 1000,
      error: message,
    }
  }
}

function describeResult(trial: Trial, result: TrialResult, summary: string): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`
  const what = result.error
    ? `failed: ${result.error}`
    : `validation ${pct(result.accuracy)}, test ${pct(result.testAccuracy)}`
  return `Rung ${trial.rung + 1}, ${trial.candidateId} (${summary}), ${trial.epochs} epochs: ${what} (${result.seconds.toFixed(1)} s).`
}

async function openSearch(p: z.output<typeof tuneJobParamsSchema>, context: JobContext) {
  const project = new ProjectFiles(p.projectDir, nodeFileSystem)
  const files = new TuneFiles(p.projectDir, nodeFileSystem)
  const design = await project.requireDesign()
  const source = await project.sampleSource()
  const stored = p.fresh ? undefined : await files.read().catch(() => undefined)
  if (stored && isSameSearch(stored, p.budget, p.settings, design)) {
    const { done, planned } = trialCounts(stored)
    context.log(`Resuming the stored search: ${done} of ${planned} trials done.`)
    const settings = { ...stored.settings, minutes: p.settings.minutes }
    return { files, source, state: { ...stored, settings } }
  }
  const board = budgetBoard(p.budget)
  const state = createTuneState({
    base: design,
    shortestMs: shortestMs(source, design),
    board,
    budget: p.budget,
    settings: p.settings,
  })
  context.log(
    `${state.candidates.length} candidates fit the ${board.name} (${state.rejectedCount} designs rejected by the estimator); rungs of ${state.plan.join(', ')} epochs.`,
  )
  await files.write(state)
  return { files, source, state }
}

/**
 * The `tune` job, in a worker thread: opens the search (resuming the stored one when it is the same), then
 * trains one trial after another with the fast training, storing the whole state atomically after each, until
 * the plan ends, the time limit passes or the user cancels.
 */
export const tuneJob: JobKind = {
  async run(params, context: JobContext): Promise<TuneJobResult> {
    const p = tuneJobParamsSchema.parse(params)
    const opened = await openSearch(p, context)
    let state = opened.state
    const { backend, note } = await selectTrainingBackend('auto')
    if (note) context.log(note)
    for (;;) {
      throwIfCancelled(context.cancellation)
      const next = planNextTrial(state)
      state = next.state
      if (next.trial === undefined || outOfTime(state)) break
      const candidate = state.candidates.find((c) => c.id === next.trial!.candidateId)!
      const result = await runTrial(state, next.trial, opened.source, backend, context)
      state = recordTrialResult(state, next.trial, result)
      await opened.files.write(state)
      context.log(describeResult(next.trial, result, candidate.summary))
    }
    await opened.files.write(state)
    const best = bestCandidate(state)
    if (outOfTime(state) && !state.finished) context.log('The time limit is spent: the best so far stands.')
    return {
      finished: state.finished,
      outOfTime: outOfTime(state) && !state.finished,
      trials: trialCounts(state).done,
      ...(best ? { bestId: best.candidate.id } : {}),
    }
  },
}
