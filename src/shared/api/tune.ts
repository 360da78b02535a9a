import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import type { Disposable, Listener } from '../events'
import type { JobInfo } from './jobs'

export { TuneErrorCode } from './tune-errors'

/**
 * The tuner (auto-design, docs/tune.md): a search for the best design that fits a board, run as a job that
 * stores its state in the project (tune.json), and the adoption of a candidate as the project's design.
 */

export const tuneObjectiveSchema = z.enum(['latency', 'energy', 'ram', 'flash'])
export type TuneObjective = z.output<typeof tuneObjectiveSchema>

/**
 * What a candidate may cost on the chosen board: the board's own RAM and flash always, and optionally tighter
 * RAM and flash, a latency per inference, an energy per inference, or a battery life on one of the
 * estimator's cells at an inference rate. `objective` is the cost the Pareto front weighs accuracy against.
 */
export const tuneBudgetSchema = z.object({
  boardId: z.string().min(1).max(64),
  ramBytes: z.number().positive().optional(),
  flashBytes: z.number().positive().optional(),
  latencyMs: z.number().positive().optional(),
  microjoulesPerInference: z.number().positive().optional(),
  battery: z
    .object({
      id: z.enum(['cr2032', 'aa2', 'lipo500']),
      hours: z.number().positive(),
      /** Inferences per second for the duty cycle (default: one per window stride). */
      inferencesPerSecond: z.number().positive().max(10_000).optional(),
    })
    .optional(),
  objective: tuneObjectiveSchema.default('latency'),
})
export type TuneBudget = z.output<typeof tuneBudgetSchema>

export const tuneSettingsSchema = z.object({
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  /** Candidates in the first rung. */
  candidates: z.number().int().min(1).max(500).default(27),
  /** Epochs of the last rung (the design's own count when absent). */
  maxEpochs: z.number().int().min(1).max(2000).optional(),
  minEpochs: z.number().int().min(1).max(2000).default(2),
  /** The halving factor η: each rung keeps the best 1/η. */
  eta: z.number().int().min(2).max(8).default(3),
  compressions: z
    .array(z.enum(['int8', 'float32']))
    .min(1)
    .default(['int8']),
  /** Stop after this many minutes of search (across resumes); absent: until the last rung ends. */
  minutes: z.number().positive().max(10_000).optional(),
})
export type TuneSettings = z.output<typeof tuneSettingsSchema>

export const tuneStartSchema = z
  .object({
    budget: tuneBudgetSchema,
    settings: tuneSettingsSchema.prefault({}),
    fresh: z.boolean().default(false),
  })
  .strict()
export type TuneStartOptions = z.input<typeof tuneStartSchema>

/** One candidate with a result, as the table and the Pareto chart show it. */
export interface TuneRow {
  readonly id: string
  /** The model family (preset, or 'custom' for the project's own design): the point's colour. */
  readonly family: string
  readonly summary: string
  /** The highest rung it reached (1-based) and the epochs of that rung. */
  readonly rung: number
  readonly epochs: number
  /** Validation accuracy (what the search ranks by) and test accuracy, 0–1. */
  readonly accuracy: number
  readonly testAccuracy: number
  readonly error?: string
  readonly ramBytes: number
  readonly flashBytes: number
  readonly latencyMs: number
  readonly microjoulesPerInference?: number
  /** The objective's value (lower is better) and whether the candidate is on the Pareto front. */
  readonly cost: number
  readonly onFront: boolean
}

export interface TuneReport {
  readonly boardId: string
  readonly objective: TuneObjective
  readonly finished: boolean
  readonly trialsDone: number
  readonly trialsPlanned: number
  readonly elapsedSeconds: number
  readonly plan: readonly number[]
  readonly candidates: number
  readonly rejected: number
  /** Best first (the furthest rung, then accuracy, then cost). */
  readonly rows: readonly TuneRow[]
}

export interface TuneStatus {
  readonly job: JobInfo | null
  readonly report: TuneReport | null
  /** The candidate adopted last in this session, while its undo is available. */
  readonly adopted: string | null
}

export interface TuneService {
  /** Starts (or resumes) the search as a job; fails at once (18004) while one runs. */
  start(options: TuneStartOptions): Promise<JobInfo>
  cancel(): Promise<void>
  status(): Promise<TuneStatus>
  /** Makes the candidate's design the project's design (18005 for an unknown id); `undoAdopt` restores. */
  adopt(candidateId: string): Promise<TuneStatus>
  undoAdopt(): Promise<TuneStatus>
  /** A trial finished, the job started or ended, or a candidate was adopted. */
  onDidChange(listener: Listener<TuneStatus>): Disposable
}

export const tuneContract: ServiceContract<TuneService> = {
  name: 'tune',
  methods: {
    start: z.tuple([tuneStartSchema]),
    cancel: z.tuple([]),
    status: z.tuple([]),
    adopt: z.tuple([z.string().regex(/^c\d{1,4}$/)]),
    undoAdopt: z.tuple([]),
  },
  events: ['didChange'],
}
