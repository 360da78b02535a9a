import type { MoteError } from '../../../shared/errors'
import type { JobContext } from '../../../shared/api/jobs'

/** What the main thread hands a job worker at start. */
export interface JobWorkerData {
  readonly jobId: string
  readonly kind: string
  readonly params: unknown
}

export type MainToWorker = { readonly type: 'cancel' }

export type WorkerToMain =
  | { readonly type: 'progress'; readonly fraction: number; readonly phrase: string }
  | { readonly type: 'log'; readonly lines: readonly string[] }
  | { readonly type: 'done'; readonly result: unknown }
  | { readonly type: 'failed'; readonly error: MoteError; readonly cancelled: boolean }

/** A kind of job: the code that runs in the worker. Params arrive structured-cloned and are validated here. */
export interface JobKind {
  run(params: unknown, context: JobContext): Promise<unknown>
}

/** Job kinds by name, loaded lazily so that a firmware build does not load TensorFlow.js. */
export type JobRegistry = Readonly<Record<string, () => Promise<JobKind>>>
