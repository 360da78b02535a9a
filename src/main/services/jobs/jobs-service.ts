import { JobsErrorCode } from '../../../shared/api/jobs'
import { randomUUID } from 'node:crypto'
import type { Worker } from 'node:worker_threads'
import type { JobContext, JobInfo, JobLogEvent, JobsService as JobsApi } from '../../../shared/api/jobs'
import { MoteFailure, toMoteError, type MoteError } from '../../../shared/errors'
import { Emitter } from '../../../shared/events'
import { systemClock, type Clock, type TimerHandle } from '../system/clock'
import type { JobWorkerData, MainToWorker, WorkerToMain } from './job-protocol'

const PROGRESS_INTERVAL_MS = 100

/** Starts a worker thread for one job; the composition root picks the bundled or the TypeScript entry. */
export type WorkerFactory = (data: JobWorkerData) => Worker

export interface JobsServiceOptions {
  readonly createWorker: WorkerFactory
  /** How long a cancelled job may take to stop before its worker is terminated. */
  readonly cancelGraceMs?: number
  /** Lines of log kept per job; older ones are dropped (the count of dropped lines is logged). */
  readonly maxLogLines?: number
  /** Finished jobs kept in `list()`. */
  readonly maxFinishedJobs?: number
  /** Start and end times, progress throttling and the cancel grace timer; the system clock by default. */
  readonly clock?: Clock
}

interface Running {
  info: JobInfo
  readonly log: string[]
  droppedLines: number
  worker?: Worker
  /** Set for in-process tasks: aborting it is how they are cancelled. */
  controller?: AbortController
  lastProgressAt?: number
  cancelTimer?: TimerHandle
  readonly done: Promise<JobInfo>
  resolveDone: (info: JobInfo) => void
}

/**
 * Long work in `worker_threads` (DESIGN.md §1): progress as a fraction and a phrase, log lines, cancellation,
 * and a list that outlives any renderer (a reloaded window asks `list()` and carries on). The main thread
 * only relays messages, so serial I/O in the main process never waits on a job.
 */
export class JobsService implements JobsApi {
  private readonly changed = new Emitter<JobInfo>()
  private readonly logged = new Emitter<JobLogEvent>()
  readonly onDidChange = this.changed.event
  readonly onDidLog = this.logged.event
  private readonly jobs = new Map<string, Running>()
  private readonly clock: Clock

  constructor(private readonly options: JobsServiceOptions) {
    this.clock = options.clock ?? systemClock
  }

  /** Starts a job; resolves at once with its first state. `wait(id)` resolves when it ends. */
  start(kind: string, params: unknown, title: string): JobInfo {
    const job = this.register(kind, title)
    const { id, info } = { id: job.info.id, info: job.info }
    try {
      job.worker = this.options.createWorker({ jobId: id, kind, params })
    } catch (error) {
      this.finish(job, 'failed', {
        code: JobsErrorCode.WorkerCrashed,
        message: `The job could not start: ${String(error)}`,
      })
      return job.info
    }
    this.attach(job, job.worker)
    this.changed.fire(info)
    return info
  }

  /**
   * Runs I/O-bound work (flashing, a capture) on this thread as a job: same progress, log and cancellation
   * as worker jobs, for work that must own a serial port or USB handle the main process holds. CPU-bound
   * work belongs in `start`.
   */
  runInProcess(kind: string, title: string, task: (context: JobContext) => Promise<unknown>): JobInfo {
    const job = this.register(kind, title)
    const controller = new AbortController()
    job.controller = controller
    const context: JobContext = {
      progress: (fraction, phrase) => {
        const now = this.clock.now()
        if (
          job.lastProgressAt !== undefined &&
          now - job.lastProgressAt < PROGRESS_INTERVAL_MS &&
          fraction < 1
        )
          return
        job.lastProgressAt = now
        this.onMessage(job, { type: 'progress', fraction: Math.min(1, Math.max(0, fraction)), phrase })
      },
      log: (line) => this.onMessage(job, { type: 'log', lines: [line] }),
      cancellation: controller.signal,
    }
    this.changed.fire(job.info)
    void task(context).then(
      (result) => this.onMessage(job, { type: 'done', result }),
      (thrown: unknown) =>
        this.onMessage(job, {
          type: 'failed',
          error: toMoteError(thrown),
          cancelled: controller.signal.aborted,
        }),
    )
    return job.info
  }

  async wait(id: string): Promise<JobInfo> {
    return this.get(id).done
  }

  async list(): Promise<readonly JobInfo[]> {
    return [...this.jobs.values()].map((j) => j.info).sort((a, b) => b.startedAt - a.startedAt)
  }

  async log(id: string): Promise<readonly string[]> {
    const job = this.get(id)
    return job.droppedLines > 0 ? [`… ${job.droppedLines} earlier lines not kept`, ...job.log] : [...job.log]
  }

  async cancel(id: string): Promise<JobInfo> {
    const job = this.get(id)
    if (job.info.state !== 'running') return job.info
    if (job.controller) {
      job.controller.abort()
      this.update(job, { phrase: 'Cancelling' })
      return job.info
    }
    if (job.worker === undefined || job.cancelTimer) return job.info
    job.worker.postMessage({ type: 'cancel' } satisfies MainToWorker)
    this.update(job, { phrase: 'Cancelling' })
    const worker = job.worker
    job.cancelTimer = this.clock.setTimeout(() => {
      if (job.info.state !== 'running') return
      this.appendLog(job, ['The job did not stop within the grace period; it was stopped forcibly.'])
      this.finish(job, 'cancelled')
      void worker.terminate()
    }, this.options.cancelGraceMs ?? 3000)
    return job.info
  }

  /** Stops every running job (app quit): terminate, no grace. */
  async dispose(): Promise<void> {
    for (const job of this.jobs.values()) {
      if (job.info.state === 'running') {
        job.controller?.abort()
        this.finish(job, 'cancelled')
        await job.worker?.terminate()
      }
    }
  }

  private register(kind: string, title: string): Running {
    const id = `job-${randomUUID()}`
    let resolveDone: (info: JobInfo) => void = () => undefined
    const done = new Promise<JobInfo>((resolve) => (resolveDone = resolve))
    const info: JobInfo = {
      id,
      kind,
      title,
      state: 'running',
      progress: 0,
      phrase: 'Starting',
      startedAt: this.clock.wallNow(),
    }
    const job: Running = { info, log: [], droppedLines: 0, done, resolveDone }
    this.jobs.set(id, job)
    this.pruneFinished()
    return job
  }

  private attach(job: Running, worker: Worker): void {
    worker.on('message', (message: WorkerToMain) => this.onMessage(job, message))
    worker.on('error', (error) => {
      this.finish(job, 'failed', {
        code: JobsErrorCode.WorkerCrashed,
        message: `The job stopped on an unexpected error: ${error.message}`,
        ...(error.stack === undefined ? {} : { detail: error.stack }),
      })
    })
    worker.on('exit', (code) => {
      if (job.info.state === 'running') {
        this.finish(job, 'failed', {
          code: JobsErrorCode.WorkerCrashed,
          message: `The job's worker exited (code ${code}) before finishing.`,
        })
      }
    })
  }

  private onMessage(job: Running, message: WorkerToMain): void {
    if (job.info.state !== 'running') return
    switch (message.type) {
      case 'progress':
        this.update(job, { progress: message.fraction, phrase: message.phrase })
        break
      case 'log':
        this.appendLog(job, message.lines)
        break
      case 'done':
        this.finish(job, 'succeeded', undefined, message.result)
        break
      case 'failed':
        if (message.cancelled || message.error.code === JobsErrorCode.Cancelled) this.finish(job, 'cancelled')
        else this.finish(job, 'failed', message.error)
        break
    }
  }

  private appendLog(job: Running, lines: readonly string[]): void {
    job.log.push(...lines)
    const max = this.options.maxLogLines ?? 5000
    if (job.log.length > max) {
      job.droppedLines += job.log.length - max
      job.log.splice(0, job.log.length - max)
    }
    this.logged.fire({ jobId: job.info.id, lines })
  }

  private update(job: Running, patch: Partial<JobInfo>): void {
    job.info = { ...job.info, ...patch }
    this.changed.fire(job.info)
  }

  private finish(job: Running, state: JobInfo['state'], error?: MoteError, result?: unknown): void {
    if (job.info.state !== 'running') return
    if (job.cancelTimer) this.clock.clear(job.cancelTimer)
    const phrase = state === 'succeeded' ? 'Done' : state === 'cancelled' ? 'Cancelled' : 'Failed'
    job.info = {
      ...job.info,
      state,
      phrase,
      progress: state === 'succeeded' ? 1 : job.info.progress,
      endedAt: this.clock.wallNow(),
      ...(error === undefined ? {} : { error }),
      ...(result === undefined ? {} : { result }),
    }
    this.changed.fire(job.info)
    job.resolveDone(job.info)
  }

  private pruneFinished(): void {
    const max = this.options.maxFinishedJobs ?? 50
    const finished = [...this.jobs.values()].filter((j) => j.info.state !== 'running')
    for (const job of finished.slice(0, Math.max(0, finished.length - max))) this.jobs.delete(job.info.id)
  }

  private get(id: string): Running {
    const job = this.jobs.get(id)
    if (job === undefined)
      throw new MoteFailure(JobsErrorCode.NotFound, `There is no job ${id}; it may have ended long ago.`)
    return job
  }
}
