import { z } from 'zod'
import { tuneSettingsSchema, type TuneSettings } from '../../shared/api/tune'
import type { Board } from '../boards/types'
import { designHash, parseProjectDesign, type ProjectDesign } from '../train/design'
import { objectiveValue, tuneBudgetSchema, type TuneBudget } from './budget'
import { candidatePool, drawCandidates, type Rejection, type TuneCandidate } from './candidates'
import { tuneFailure } from './errors'
import {
  nextTrial,
  openNextRung,
  plannedTrials,
  recordTrial,
  rungEpochs,
  type Rung,
  type Trial,
  type TrialResult,
} from './halving'

export { tuneSettingsSchema, type TuneSettings }

/**
 * The whole search as one JSON value (stored in the project as tune.json after every trial): the budget and
 * settings, the candidates drawn, the rungs with every finished trial. Resuming reads it back and runs the
 * next trial that has no result; nothing finished is trained again.
 */

const costSchema = z.object({
  ramBytes: z.number(),
  flashBytes: z.number(),
  latencyMs: z.number(),
  microjoulesPerInference: z.number().optional(),
  batteryHours: z.number().optional(),
})
const resultSchema = z.object({
  accuracy: z.number(),
  testAccuracy: z.number(),
  epochsRun: z.number(),
  seconds: z.number(),
  error: z.string().optional(),
})
const candidateSchema = z
  .object({
    kind: z.literal('network'),
    id: z.string(),
    family: z.string(),
    summary: z.string(),
    features: z.string(),
    compression: z.enum(['int8', 'float32']),
    design: z.unknown(),
    cost: costSchema,
  })
  .passthrough()

export const tuneStateSchema = z.object({
  version: z.literal(1),
  budget: tuneBudgetSchema,
  settings: tuneSettingsSchema,
  baseDesignHash: z.string(),
  plan: z.array(z.number().int().positive()).min(1),
  candidates: z.array(candidateSchema).min(1),
  rejectedCount: z.number().int().min(0),
  rejectedExamples: z.array(z.object({ summary: z.string(), reasons: z.array(z.string()) })),
  rungs: z.array(
    z.object({
      epochs: z.number().int().positive(),
      candidateIds: z.array(z.string()),
      results: z.record(z.string(), resultSchema),
    }),
  ),
  elapsedSeconds: z.number().min(0),
  finished: z.boolean(),
})

export interface TuneState {
  readonly version: 1
  readonly budget: TuneBudget
  readonly settings: TuneSettings
  /** The design the search started from: a search of another design is not resumed. */
  readonly baseDesignHash: string
  readonly plan: readonly number[]
  readonly candidates: readonly TuneCandidate[]
  readonly rejectedCount: number
  readonly rejectedExamples: readonly Rejection[]
  readonly rungs: readonly Rung[]
  readonly elapsedSeconds: number
  readonly finished: boolean
}

export interface NewSearch {
  readonly base: ProjectDesign
  /** The shortest sample of the project's input, in ms (bounds the window lengths). */
  readonly shortestMs: number
  readonly board: Board
  readonly budget: TuneBudget
  readonly settings: TuneSettings
}

/** A new search: the pool estimated against the budget, the candidates drawn, the first rung opened. */
export function createTuneState(search: NewSearch): TuneState {
  const { base, settings } = search
  const pool = candidatePool(base, search.shortestMs, search.board, search.budget, settings.compressions)
  if (pool.fitting.length === 0)
    throw tuneFailure(
      'NothingFits',
      `None of the ${pool.rejected.length} designs the tuner tries fits the ${search.board.name} within the budget (for example: ${pool.rejected[0]?.reasons.join('; ') ?? 'none'}). Raise the budget or choose a larger board.`,
    )
  const candidates = drawCandidates(pool.fitting, settings.candidates, settings.seed)
  const plan = rungEpochs(
    candidates.length,
    settings.maxEpochs ?? base.training.epochs,
    settings.eta,
    settings.minEpochs,
  )
  return {
    version: 1,
    budget: search.budget,
    settings,
    baseDesignHash: designHash(base),
    plan,
    candidates,
    rejectedCount: pool.rejected.length,
    rejectedExamples: pool.rejected.slice(0, 20),
    rungs: [{ epochs: plan[0]!, candidateIds: candidates.map((c) => c.id), results: {} }],
    elapsedSeconds: 0,
    finished: false,
  }
}

function costLookup(state: TuneState): (id: string) => number {
  const byId = new Map(state.candidates.map((c) => [c.id, c]))
  return (id) => {
    const c = byId.get(id)
    return c === undefined ? Number.POSITIVE_INFINITY : objectiveValue(c.cost, state.budget.objective)
  }
}

/** The next trial to run (opening the next rung when one is complete), or undefined when the search is done. */
export function planNextTrial(state: TuneState): { state: TuneState; trial: Trial | undefined } {
  const rungs = openNextRung(state.rungs, state.plan, state.settings.eta, costLookup(state))
  const trial = nextTrial(rungs)
  return { state: { ...state, rungs, finished: trial === undefined }, trial }
}

/** The state with a finished trial recorded and the time it took added. */
export function recordTrialResult(state: TuneState, trial: Trial, result: TrialResult): TuneState {
  return {
    ...state,
    rungs: recordTrial(state.rungs, trial, result),
    elapsedSeconds: state.elapsedSeconds + result.seconds,
  }
}

/** Trials finished so far and in the whole plan (for progress). */
export function trialCounts(state: TuneState): { done: number; planned: number } {
  const done = state.rungs.reduce((n, r) => n + Object.keys(r.results).length, 0)
  return { done, planned: plannedTrials(state.candidates.length, state.plan.length, state.settings.eta) }
}

/**
 * True when a stored search is the one asked for again (same board, budgets, settings and starting design),
 * so that it resumes; the time limit may differ (it is the stored search's to extend).
 */
export function isSameSearch(
  state: TuneState,
  budget: TuneBudget,
  settings: TuneSettings,
  base: ProjectDesign,
): boolean {
  const key = (b: TuneBudget, s: TuneSettings) => JSON.stringify([b, { ...s, minutes: undefined }])
  return (
    state.baseDesignHash === designHash(base) && key(state.budget, state.settings) === key(budget, settings)
  )
}

/** True when the search's time budget is spent. */
export function outOfTime(state: TuneState): boolean {
  const minutes = state.settings.minutes
  return minutes !== undefined && state.elapsedSeconds >= minutes * 60
}

/** A stored state read back; fails (18003) with the fix when it is damaged. */
export function parseTuneState(json: unknown): TuneState {
  const parsed = tuneStateSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw tuneFailure(
      'StateDamaged',
      `The stored search (tune.json) is damaged at "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'unknown problem'}. Start a new search (it replaces the file).`,
    )
  }
  const data = parsed.data
  const candidates = data.candidates.map((c) => ({
    ...(c as unknown as TuneCandidate),
    design: parseProjectDesign(c.design),
  }))
  return { ...data, candidates }
}
