import { randomUUID } from 'node:crypto'
import {
  CaptureErrorCode,
  type CaptureData,
  type CaptureRequest,
  type CaptureService as CaptureApi,
  type CaptureStatus,
  type FirmwareInstallResult,
  type FirmwareProgress,
  type ProbeResult,
} from '../../../shared/api/capture'
import type { AxisInfo, DesignMismatch, NewSample, SampleMeta } from '../../../shared/api/dataset'
import type { CancellationToken, JobContext, JobInfo } from '../../../shared/api/jobs'
import { MoteFailure, cancelledFailure } from '../../../shared/errors'
import { Emitter, type Disposable } from '../../../shared/events'
import { PortLeases, type PortPauser, type PortUse } from '../serial/port-leases'
import type { SettingsService } from '../settings/settings-service'
import { CaptureSession, type SessionTiming } from './capture-session'
import { systemClock, type Clock } from '../system/clock'
import type { StreamOpener } from './serial-stream'

/** Builds and flashes the capture firmware; provided by the composition root when toolchains exist. */
export type FirmwareInstaller = (
  portPath: string,
  boardId: string,
  onProgress: (fraction: number, phrase: string) => void,
  cancellation?: CancellationToken,
) => Promise<FirmwareInstallResult>

export interface CaptureServiceOptions {
  readonly open: StreamOpener
  readonly save: (sample: NewSample) => Promise<SampleMeta>
  /** How a saved recording differs from the project's design (the dataset service's `mismatches`). */
  readonly checkDesign?: (meta: SampleMeta) => Promise<DesignMismatch | null>
  /**
   * Shows recordings and firmware installs as jobs (status bar, Esc cancels). The app and serve mode pass
   * the jobs service; without it (the CLI's `mote capture`) they run the same, unlisted.
   */
  readonly jobs?: JobRunner
  readonly settings: Pick<SettingsService, 'get' | 'update'>
  readonly installFirmware?: FirmwareInstaller
  /** One owner per port (shared with the serial monitor and flashing); a private table by default. */
  readonly leases?: { acquire(path: string, use: PortUse): Disposable }
  /** The system clock by default; tests drive it with fake timers. */
  readonly clock?: Clock
  /** The serial monitor: it lets go of the port while the firmware is flashed, and takes it back after. */
  readonly monitor?: PortPauser
  readonly timing?: Partial<SessionTiming>
}

export interface JobRunner {
  runInProcess(kind: string, title: string, task: (context: JobContext) => Promise<unknown>): JobInfo
  wait(id: string): Promise<JobInfo>
}

/** How often a recording's job looks for a cancel request (the countdown sends no status for seconds). */
const CANCEL_POLL_MS = 100

/**
 * Recording from boards on serial ports (DESIGN.md §5): one recording at a time, its status and live values
 * as events, the sample saved through the dataset at once. Axis names are remembered per serial number in
 * the user's settings, so a board's axes are named once.
 */
export class CaptureService implements CaptureApi {
  private readonly statusChanged = new Emitter<CaptureStatus>()
  private readonly received = new Emitter<CaptureData>()
  private readonly firmwareProgress = new Emitter<FirmwareProgress>()
  readonly onDidChangeStatus = this.statusChanged.event
  readonly onDidReceive = this.received.event
  readonly onDidFirmwareProgress = this.firmwareProgress.event
  private session: CaptureSession | undefined
  private readonly leases: { acquire(path: string, use: PortUse): Disposable }

  constructor(private readonly options: CaptureServiceOptions) {
    this.leases = options.leases ?? new PortLeases()
  }

  async probe(portPath: string, baudRate: number, serialNumber?: string): Promise<ProbeResult> {
    const request: CaptureRequest = {
      portPath,
      baudRate,
      label: 'probe',
      seconds: 1,
      countdownMs: 0,
      ...(serialNumber ? { serialNumber } : {}),
    }
    const session = this.newSession(request, true)
    await this.holdPort(portPath, 'capture', async () => {
      await session.open()
      await session.finished
    })
    const s = session.status
    if (s.phase === 'failed') throw MoteFailure.fromError(s.error!)
    return {
      protocol: s.protocol!,
      axisCount: s.axes!.length,
      rateHz: s.rateHz!,
      ...(s.measuredRateHz === undefined ? {} : { measuredRateHz: s.measuredRateHz }),
      axes: s.axes!,
      ...(s.board ? { board: s.board } : {}),
      stats: {
        rejectedLines: s.rejectedLines,
        rejectedExamples: s.rejectedExamples,
        corruptFrames: s.corruptFrames,
        lostSamples: s.lostSamples,
      },
    }
  }

  async start(request: CaptureRequest): Promise<CaptureStatus> {
    if (this.session && !isFinal(this.session.status)) {
      throw new MoteFailure(
        CaptureErrorCode.AlreadyRecording,
        `A recording on ${this.session.request.portPath} is still running. Stop it first.`,
      )
    }
    if (request.axes && request.serialNumber) await this.rememberAxes(request.serialNumber, request.axes)
    const lease = this.leases.acquire(request.portPath, 'capture')
    const session = this.newSession(request, false)
    this.session = session
    void session.finished.finally(() => lease.dispose())
    await session.open()
    this.followAsJob(session)
    return session.status
  }

  /** Starts a recording and resolves when it ends (the CLI's `mote capture`). */
  async record(request: CaptureRequest): Promise<CaptureStatus> {
    await this.start(request)
    return this.session!.finished
  }

  async stop(): Promise<CaptureStatus> {
    return this.current().stop()
  }

  async cancel(): Promise<CaptureStatus> {
    return this.current().cancel()
  }

  async status(): Promise<CaptureStatus | null> {
    return this.session?.status ?? null
  }

  async rememberedAxes(serialNumber: string): Promise<readonly AxisInfo[] | null> {
    return (await this.options.settings.get()).axesBySerialNumber[serialNumber] ?? null
  }

  async rememberAxes(serialNumber: string, axes: readonly AxisInfo[]): Promise<void> {
    const current = (await this.options.settings.get()).axesBySerialNumber
    await this.options.settings.update({
      axesBySerialNumber: {
        ...current,
        [serialNumber]: axes.map((a) => ({ name: a.name.trim(), unit: a.unit })),
      },
    })
  }

  async installFirmware(portPath: string, boardId: string): Promise<FirmwareInstallResult> {
    if (!this.options.installFirmware)
      throw new MoteFailure(
        CaptureErrorCode.FirmwareFailed,
        'Installing capture firmware is not available here (no toolchain service). Use the desktop app or `mote serve`.',
      )
    const install = async (context?: JobContext): Promise<FirmwareInstallResult> => {
      let result: FirmwareInstallResult | undefined
      const resume = await this.options.monitor?.pauseFor(portPath, 'flashing')
      await this.holdPort(portPath, 'flashing', async () => {
        result = await this.options.installFirmware!(
          portPath,
          boardId,
          (fraction, phrase) => {
            context?.progress(fraction, phrase)
            this.firmwareProgress.fire({ portPath, fraction, phrase })
          },
          context?.cancellation,
        )
      }).finally(() => void resume?.())
      return result!
    }
    const jobs = this.options.jobs
    if (!jobs) return install()
    const job = jobs.runInProcess('capture-firmware', `Install the capture firmware on ${portPath}`, install)
    const info = await jobs.wait(job.id)
    if (info.state === 'succeeded') return info.result as FirmwareInstallResult
    throw info.state === 'cancelled' ? cancelledFailure() : MoteFailure.fromError(info.error!)
  }

  /** Ends a running recording (app shutdown). */
  async dispose(): Promise<void> {
    if (this.session && !isFinal(this.session.status)) await this.session.cancel()
  }

  /**
   * A recording as a job: its phase and frames as progress, its end as the job's (a sample saved, a
   * failure with the session's sentence, or cancelled), and the job's Cancel ending the recording.
   */
  private followAsJob(session: CaptureSession): void {
    const jobs = this.options.jobs
    if (!jobs) return
    const r = session.request
    const job = jobs.runInProcess('capture', `Record "${r.label}" on ${r.portPath}`, async (context) => {
      const report = (s: CaptureStatus) => context.progress(...recordingProgress(s))
      const watching = this.onDidChangeStatus((s) => s.id === session.status.id && report(s))
      const clock = this.options.clock ?? systemClock
      const poll = clock.setInterval(() => {
        if (context.cancellation.aborted) void session.cancel()
      }, CANCEL_POLL_MS)
      report(session.status)
      try {
        const end = await session.finished
        if (end.phase === 'failed') throw MoteFailure.fromError(end.error!)
        if (end.phase === 'cancelled') throw cancelledFailure()
        return { sampleId: end.sample?.id }
      } finally {
        clock.clear(poll)
        watching.dispose()
      }
    })
    session.status = { ...session.status, jobId: job.id }
    this.statusChanged.fire(session.status)
  }

  private current(): CaptureSession {
    if (!this.session || isFinal(this.session.status))
      throw new MoteFailure(CaptureErrorCode.NotRecording, 'No recording is running.')
    return this.session
  }

  private async holdPort(portPath: string, use: PortUse, work: () => Promise<void>): Promise<void> {
    const lease = this.leases.acquire(portPath, use)
    try {
      await work()
    } finally {
      lease.dispose()
    }
  }

  private newSession(request: CaptureRequest, probe: boolean): CaptureSession {
    return new CaptureSession(
      `capture-${randomUUID()}`,
      request,
      {
        open: this.options.open,
        clock: this.options.clock ?? systemClock,
        save: this.options.save,
        ...(this.options.checkDesign ? { checkDesign: this.options.checkDesign } : {}),
        rememberedAxes: async (serial) => (await this.rememberedAxes(serial)) ?? undefined,
        onStatus: (status) => {
          if (!probe) this.statusChanged.fire(status)
        },
        onData: (data) => this.received.fire(data),
        ...(this.options.timing ? { timing: this.options.timing } : {}),
      },
      probe,
    )
  }
}

/** A recording's progress for its job: the fraction of frames recorded, and the phase in words. */
export function recordingProgress(s: CaptureStatus): [number, string] {
  const fraction = s.framesExpected ? Math.min(1, s.framesRecorded / s.framesExpected) : 0
  switch (s.phase) {
    case 'opening':
    case 'detecting':
      return [0, `Listening to ${s.portPath}`]
    case 'countdown':
      return [0, 'Counting down']
    case 'recording':
      return [fraction, `Recording: ${s.framesRecorded} of ${s.framesExpected ?? '?'} frames`]
    default:
      return [fraction, 'Saving the sample']
  }
}

function isFinal(status: CaptureStatus): boolean {
  return status.phase === 'done' || status.phase === 'failed' || status.phase === 'cancelled'
}
