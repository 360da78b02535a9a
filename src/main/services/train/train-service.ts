import { designHash } from '../../../core/train/design'
import { parseEpochLine } from '../../../core/train/epoch-line'
import { trainFailure } from '../../../core/train/errors'
import type { JobInfo } from '../../../shared/api/jobs'
import type {
  EpochMetrics,
  TrainedModel,
  TrainEpochEvent,
  TrainService as TrainApi,
  TrainStartOptions,
  TrainStatus,
} from '../../../shared/api/train'
import { Emitter } from '../../../shared/events'
import type { JobsService } from '../jobs/jobs-service'
import type { ProjectService } from '../project/project-service'
import type { FileSystem } from '../system/file-system'
import { MODELS_DIR, ModelStore } from './model-store'
import { ProjectFiles } from './project-files'
import type { TrainJobParams } from './train-job'
import { EVALUATE_JOB, TRAIN_JOB } from './train-job-kinds'

export interface TrainServiceOptions {
  readonly project: ProjectService
  readonly jobs: JobsService
  readonly fs: FileSystem
}

interface Tracked {
  readonly jobId: string
  readonly kind: string
  readonly epochs: number
  readonly history: EpochMetrics[]
}

/**
 * Training and evaluation of the open project, as jobs in worker threads (train-job.ts). The service follows
 * its job's log: every epoch line (core/train/epoch-line.ts) becomes an `onDidEpoch` event for the live
 * curves, and the history stays here so that a reloaded window can redraw them (`status`).
 */
export class TrainService implements TrainApi {
  private readonly epochEmitter = new Emitter<TrainEpochEvent>()
  private readonly changeEmitter = new Emitter<TrainStatus>()
  readonly onDidEpoch = this.epochEmitter.event
  readonly onDidChange = this.changeEmitter.event
  private tracked: Tracked | undefined

  constructor(private readonly options: TrainServiceOptions) {
    options.jobs.onDidLog((event) => this.onLog(event.jobId, event.lines))
  }

  async start(options: TrainStartOptions): Promise<JobInfo> {
    await this.refuseWhileRunning()
    const store = this.options.project.store()
    await store.flush()
    const design = await new ProjectFiles(store.dir, this.options.fs).requireDesign()
    const epochs = options.epochs ?? design.training.epochs
    const params: TrainJobParams = {
      projectDir: store.dir,
      backend: options.backend ?? 'auto',
      ...(options.epochs === undefined ? {} : { epochs }),
    }
    return this.track(TRAIN_JOB, params, `Train ${store.current.name} (${epochs} epochs)`, epochs)
  }

  async evaluate(): Promise<JobInfo> {
    await this.refuseWhileRunning()
    const store = this.options.project.store()
    await new ModelStore(store.dir, this.options.fs).requireCurrent()
    return this.track(EVALUATE_JOB, { projectDir: store.dir }, `Test the model of ${store.current.name}`, 0)
  }

  async status(): Promise<TrainStatus> {
    const jobs = await this.options.jobs.list()
    const job = this.tracked ? (jobs.find((j) => j.id === this.tracked!.jobId) ?? null) : null
    return {
      job: job?.state === 'running' ? job : null,
      history: this.tracked?.kind === TRAIN_JOB ? [...this.tracked.history] : [],
      epochs: this.tracked?.epochs ?? 0,
      model: this.options.project.isOpen ? await this.currentModel() : null,
    }
  }

  /** Resolves when the job ends; for the CLI, which waits for its run. */
  async wait(jobId: string): Promise<JobInfo> {
    return this.options.jobs.wait(jobId)
  }

  private async currentModel(): Promise<TrainedModel | null> {
    const store = this.options.project.store()
    const stored = await new ModelStore(store.dir, this.options.fs).current()
    if (stored === null) return null
    const design = await new ProjectFiles(store.dir, this.options.fs).readDesign().catch(() => undefined)
    return {
      id: stored.id,
      createdAt: stored.createdAt,
      path: `${MODELS_DIR}/${stored.id}`,
      metrics: stored.metrics,
      stale: design === undefined || designHash(design) !== stored.metrics.designHash,
      ...(stored.evaluatedAt === undefined ? {} : { evaluatedAt: stored.evaluatedAt }),
    }
  }

  private async refuseWhileRunning(): Promise<void> {
    const running = (await this.options.jobs.list()).find(
      (j) => j.state === 'running' && (j.kind === TRAIN_JOB || j.kind === EVALUATE_JOB),
    )
    if (running)
      throw trainFailure(
        'AlreadyTraining',
        `"${running.title}" is still running. Wait for it to finish or cancel it first.`,
      )
  }

  private track(kind: string, params: unknown, title: string, epochs: number): JobInfo {
    const job = this.options.jobs.start(kind, params, title)
    this.tracked = { jobId: job.id, kind, epochs, history: [] }
    void this.emitStatus()
    void this.options.jobs.wait(job.id).then(() => this.emitStatus())
    return job
  }

  private onLog(jobId: string, lines: readonly string[]): void {
    const tracked = this.tracked
    if (tracked?.jobId !== jobId) return
    for (const line of lines) {
      const parsed = parseEpochLine(line)
      if (parsed === undefined) continue
      const { epochs, ...metrics } = parsed
      tracked.history.push(metrics)
      this.epochEmitter.fire({ jobId, epochs, metrics })
    }
  }

  private async emitStatus(): Promise<void> {
    try {
      this.changeEmitter.fire(await this.status())
    } catch {
      // the project was closed meanwhile: nothing to report
    }
  }
}
