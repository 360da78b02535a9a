import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import type { Disposable, Listener } from '../events'
import type { MoteError } from '../errors'

/** Jobs service errors: the 3xxx block (docs/architecture.md). */
export const JobsErrorCode = {
  NotFound: 3001,
  /** A job failed without a code of its own (its worker reported nothing better). */
  Failed: 3002,
  /** The user stopped the work; every service's cancellation carries this code (`throwIfCancelled`). */
  Cancelled: 3003,
  UnknownKind: 3004,
  WorkerCrashed: 3005,
} as const

export type JobState = 'running' | 'succeeded' | 'failed' | 'cancelled'

export interface JobInfo {
  readonly id: string
  /** The registered kind, e.g. `train`, `build`. */
  readonly kind: string
  /** What the user started, in their words: "Train gestures (30 epochs)". */
  readonly title: string
  readonly state: JobState
  /** 0–1. */
  readonly progress: number
  /** An honest phrase for the progress bar: "Flashing page 37 of 112". */
  readonly phrase: string
  readonly startedAt: number
  readonly endedAt?: number
  readonly error?: MoteError
  /** Structured-clone-safe result of a finished job. */
  readonly result?: unknown
}

export interface JobLogEvent {
  readonly jobId: string
  readonly lines: readonly string[]
}

export interface JobsService {
  /** Every job since start, newest first: a reloaded renderer finds running jobs here. */
  list(): Promise<readonly JobInfo[]>
  log(jobId: string): Promise<readonly string[]>
  cancel(jobId: string): Promise<JobInfo>
  onDidChange(listener: Listener<JobInfo>): Disposable
  onDidLog(listener: Listener<JobLogEvent>): Disposable
}

export const jobIdSchema = z.string().regex(/^job-[0-9a-z-]{1,64}$/, 'not a job id')

export const jobsContract: ServiceContract<JobsService> = {
  name: 'jobs',
  methods: {
    list: z.tuple([]),
    log: z.tuple([jobIdSchema]),
    cancel: z.tuple([jobIdSchema]),
  },
  events: ['didChange', 'didLog'],
}

/**
 * What a job's code sees while it runs in a worker. It lives in the contract because core code (training,
 * compression) accepts it without knowing it runs in a worker.
 */
export interface JobContext {
  /** fraction 0–1 and a phrase for the user. Calls are throttled by the runner, so call as often as useful. */
  progress(fraction: number, phrase: string): void
  log(line: string): void
  /** Checked by long loops; when set the job should stop soon and throw `cancelled()`. */
  readonly cancellation: CancellationToken
}

/** The part of `AbortSignal` that core code uses: structural, so `AbortSignal` fits without DOM types. */
export interface CancellationToken {
  readonly aborted: boolean
}
