import {
  DeviceTestErrorCode,
  type DeployRequest,
  type DeployService as DeployApi,
  type DeployStage,
  applyDeployChange,
  type DeployStatus,
  type DeployStatusChange,
  type LiveRequest,
  type LiveUpdate,
  type StoredRun,
} from '../../../shared/api/device-test'
import { findBoard } from '../../../core/boards/board-lookup'
import type { JobInfo } from '../../../shared/api/jobs'
import { MoteFailure, toMoteError } from '../../../shared/errors'
import { Emitter, type Disposable, type Listener } from '../../../shared/events'
import type { JobsService } from '../jobs/jobs-service'
import type { ProjectService } from '../project/project-service'
import { deploy, type DeployDeps } from './deploy-run'
import { LiveSession } from './live-session'
import { readStoredRuns } from './stored-runs'

/** Where each stage sits on the job's one progress bar (generate is instant next to the rest). */
const STAGE_SPAN: Readonly<Record<DeployStage, readonly [number, number]>> = {
  generate: [0, 0.02],
  compile: [0.02, 0.35],
  flash: [0.35, 0.6],
  test: [0.6, 1],
}

/**
 * The Deploy step's service (DeployService in shared/api/device-test.ts): one deployment at a time on the open
 * project, run as an in-process job (it owns a serial port), with its stage, log and report in a status
 * that every change re-sends whole.
 */
export class DeployService implements DeployApi {
  private readonly changed = new Emitter<DeployStatusChange>()
  private readonly live = new Emitter<LiveUpdate>()
  private session: LiveSession | undefined
  private state: DeployStatus = { job: null, stage: null, report: null, error: null, log: '' }

  constructor(
    private readonly deps: {
      readonly project: ProjectService
      readonly jobs: JobsService
      readonly deploy: DeployDeps
    },
  ) {}

  async status(): Promise<DeployStatus> {
    return this.state
  }

  onDidChange(listener: Listener<DeployStatusChange>): Disposable {
    return this.changed.event(listener)
  }

  onDidLive(listener: Listener<LiveUpdate>): Disposable {
    return this.live.event(listener)
  }

  /** The open project's stored on-device tests (none when no project is open). */
  async measuredRuns(): Promise<StoredRun[]> {
    const project = await this.deps.project.current()
    return project ? readStoredRuns(this.deps.deploy.fs, project.dir) : []
  }

  /** Live classification on the board (one session at a time; a deployment stops it first). */
  async startLive(request: LiveRequest): Promise<void> {
    if (this.state.job)
      throw new MoteFailure(
        DeviceTestErrorCode.DeployRunning,
        'A deployment is running; wait for it to finish.',
      )
    await this.stopLive()
    const labels = this.state.report?.labels ?? []
    this.session = await LiveSession.start(this.deps.deploy.open, request, labels, (update) => {
      if (!update.running) this.session = undefined
      this.live.fire(update)
    })
  }

  async stopLive(): Promise<void> {
    const session = this.session
    this.session = undefined
    if (session === undefined) return
    await session.stop()
    this.live.fire({ running: false, labels: this.state.report?.labels ?? [] })
  }

  async start(request: DeployRequest): Promise<JobInfo> {
    await this.stopLive()
    if (this.state.job)
      throw new MoteFailure(
        DeviceTestErrorCode.DeployRunning,
        'A deployment is running; wait for it or cancel it (Esc).',
      )
    const project = await this.deps.project.current()
    if (project === null)
      throw new MoteFailure(
        DeviceTestErrorCode.NoProject,
        'Open a project first: a deployment builds its variant.',
      )
    const job = this.deps.jobs.runInProcess(
      'deploy',
      `Deploy to the ${findBoard(request.boardId)?.name ?? request.boardId}`,
      async (context) => {
        try {
          const report = await deploy(
            this.deps.deploy,
            { ...request, projectDir: project.dir },
            {
              onProgress: (stage, fraction, phrase) => {
                const [from, to] = STAGE_SPAN[stage]
                context.progress(from + (to - from) * fraction, phrase)
                this.update({ stage: { stage, fraction, phrase } })
              },
              onLog: (text) => this.update({}, { logAppend: text }),
              cancellation: context.cancellation,
            },
          )
          this.update({ job: null, stage: null, report })
          return report
        } catch (error) {
          this.update({ job: null, stage: null, error: toMoteError(error) })
          throw error
        }
      },
    )
    this.update({ job, stage: null, error: null }, { logReset: true })
    return job
  }

  /** Applies `patch` and the log's change, and sends them without the whole log. */
  private update(
    patch: Partial<Omit<DeployStatus, 'log'>>,
    log: Pick<DeployStatusChange, 'logAppend' | 'logReset'> = {},
  ): void {
    const { log: _whole, ...rest } = { ...this.state, ...patch }
    const change: DeployStatusChange = { ...rest, ...log }
    this.state = applyDeployChange(this.state, change)
    this.changed.fire(change)
  }
}
