import { tuneFailure } from '../../../core/tune/errors'
import { bestCandidate, candidateRows, tuneFront, type CandidateRow } from '../../../core/tune/results'
import { trialCounts, type TuneState } from '../../../core/tune/state'
import type { JobInfo } from '../../../shared/api/jobs'
import type { JobsService } from '../jobs/jobs-service'
import type { ProjectService } from '../project/project-service'
import type { FileSystem } from '../system/file-system'
import type { TuneJobParams } from './tune-job'
import { TuneFiles } from './tune-files'
import { TUNE_JOB } from './tune-job-kinds'

export interface TuneServiceOptions {
  readonly project: ProjectService
  readonly jobs: JobsService
  readonly fs: FileSystem
}

export type TuneStartOptions = Omit<TuneJobParams, 'projectDir'>

/** What the CLI and the Design view show of a search. */
export interface TuneReport {
  readonly state: TuneState
  readonly rows: readonly CandidateRow[]
  readonly front: readonly CandidateRow[]
  readonly best?: CandidateRow
  readonly trials: { readonly done: number; readonly planned: number }
}

/**
 * The tuner of the open project: starts the search as a job in a worker thread (tune-job.ts), which stores
 * its state in the project after every trial, and reads that state back for reports.
 */
export class TuneService {
  private jobId: string | undefined

  constructor(private readonly options: TuneServiceOptions) {}

  async start(options: TuneStartOptions): Promise<JobInfo> {
    const running = (await this.options.jobs.list()).find((j) => j.state === 'running' && j.kind === TUNE_JOB)
    if (running)
      throw tuneFailure(
        'AlreadyTuning',
        `"${running.title}" is still running. Wait for it or cancel it first.`,
      )
    const store = this.options.project.store()
    await store.flush()
    const params: TuneJobParams = { projectDir: store.dir, ...options }
    const job = this.options.jobs.start(
      TUNE_JOB,
      params,
      `Tune ${store.current.name} for ${options.budget.boardId}`,
    )
    this.jobId = job.id
    return job
  }

  async cancel(): Promise<void> {
    if (this.jobId !== undefined) await this.options.jobs.cancel(this.jobId)
  }

  /** Resolves when the job ends; for the CLI, which waits for its run. */
  async wait(jobId: string): Promise<JobInfo> {
    return this.options.jobs.wait(jobId)
  }

  /** The stored search of the open project, or null when it has none. */
  async report(): Promise<TuneReport | null> {
    const state = await new TuneFiles(this.options.project.store().dir, this.options.fs).read()
    if (state === undefined) return null
    const best = bestCandidate(state)
    return {
      state,
      rows: candidateRows(state),
      front: tuneFront(state),
      ...(best ? { best } : {}),
      trials: trialCounts(state),
    }
  }
}
