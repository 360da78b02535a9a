import { tuneFailure } from '../../../core/tune/errors'
import type { ProjectDesign } from '../../../core/train/design'
import type { JobInfo } from '../../../shared/api/jobs'
import {
  tuneStartSchema,
  type TuneService as TuneApi,
  type TuneStartOptions,
  type TuneStatus,
} from '../../../shared/api/tune'
import { Emitter } from '../../../shared/events'
import type { JobsService } from '../jobs/jobs-service'
import type { ProjectService } from '../project/project-service'
import type { FileSystem } from '../system/file-system'
import type { DesignService } from '../train/design-service'
import { ProjectFiles } from '../train/project-files'
import type { TuneJobParams } from './tune-job'
import { TuneFiles } from './tune-files'
import { TUNE_JOB } from './tune-job-kinds'
import { tuneReportOf } from './tune-report'

export interface TuneServiceOptions {
  readonly project: ProjectService
  readonly jobs: JobsService
  readonly design: DesignService
  readonly fs: FileSystem
}

/** The design a candidate replaced, for undo: kept in memory for the open project only. */
interface Adopted {
  readonly dir: string
  readonly candidateId: string
  readonly previous: ProjectDesign | undefined
}

/**
 * The tuner of the open project: starts the search as a job in a worker thread (tune-job.ts), which stores
 * its state in the project after every trial; reports the stored state (status fires `onDidChange` at each
 * trial the job logs); adopts a candidate's design through the design service, with one step of undo.
 */
export class TuneService implements TuneApi {
  private readonly changed = new Emitter<TuneStatus>()
  readonly onDidChange = this.changed.event
  private jobId: string | undefined
  private adopted: Adopted | undefined

  constructor(private readonly options: TuneServiceOptions) {
    options.jobs.onDidLog((event) => {
      if (event.jobId === this.jobId) void this.emitStatus()
    })
  }

  async start(options: TuneStartOptions): Promise<JobInfo> {
    const running = (await this.options.jobs.list()).find((j) => j.state === 'running' && j.kind === TUNE_JOB)
    if (running)
      throw tuneFailure(
        'AlreadyTuning',
        `"${running.title}" is still running. Wait for it or cancel it first.`,
      )
    const store = this.options.project.store()
    await store.flush()
    const params: TuneJobParams = { projectDir: store.dir, ...tuneStartSchema.parse(options) }
    const job = this.options.jobs.start(
      TUNE_JOB,
      params,
      `Tune ${store.current.name} for ${options.budget.boardId}`,
    )
    this.jobId = job.id
    void this.options.jobs.wait(job.id).then(() => this.emitStatus())
    void this.emitStatus()
    return job
  }

  async cancel(): Promise<void> {
    if (this.jobId !== undefined) await this.options.jobs.cancel(this.jobId)
  }

  /** Resolves when the job ends; for the CLI, which waits for its run. */
  async wait(jobId: string): Promise<JobInfo> {
    return this.options.jobs.wait(jobId)
  }

  async status(): Promise<TuneStatus> {
    const jobs = await this.options.jobs.list()
    const job = jobs.find((j) => j.id === this.jobId && j.state === 'running') ?? null
    const dir = this.options.project.isOpen ? this.options.project.store().dir : undefined
    const state = dir === undefined ? undefined : await new TuneFiles(dir, this.options.fs).read()
    return {
      job,
      report: state === undefined ? null : tuneReportOf(state),
      adopted: this.adopted?.dir === dir ? (this.adopted?.candidateId ?? null) : null,
    }
  }

  async adopt(candidateId: string): Promise<TuneStatus> {
    const dir = this.options.project.store().dir
    const state = await new TuneFiles(dir, this.options.fs).read()
    const candidate = state?.candidates.find((c) => c.id === candidateId)
    if (candidate === undefined)
      throw tuneFailure(
        'NoSuchCandidate',
        `The stored search has no candidate "${candidateId}". Run \`mote tune\` (or start the tuner) first, then pick one of its ids.`,
      )
    const previous = await new ProjectFiles(dir, this.options.fs).readDesign()
    await this.options.design.save(candidate.design)
    this.adopted = { dir, candidateId, previous }
    return this.emitStatus()
  }

  async undoAdopt(): Promise<TuneStatus> {
    const dir = this.options.project.store().dir
    const adopted = this.adopted
    if (adopted?.dir !== dir || adopted.previous === undefined)
      throw tuneFailure('NoSuchCandidate', 'There is no adopted candidate to undo in this project.')
    await this.options.design.save(adopted.previous)
    this.adopted = undefined
    return this.emitStatus()
  }

  private async emitStatus(): Promise<TuneStatus> {
    const status = await this.status()
    this.changed.fire(status)
    return status
  }
}
