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
import type { AxisInfo, NewSample, SampleMeta } from '../../../shared/api/dataset'
import { MoteFailure } from '../../../shared/errors'
import { Emitter, type Disposable } from '../../../shared/events'
import { PortLeases, type PortUse } from '../serial/port-leases'
import type { SettingsService } from '../settings/settings-service'
import { CaptureSession, type SessionTiming } from './capture-session'
import { systemClock, type Clock } from '../system/clock'
import type { StreamOpener } from './serial-stream'

/** Builds and flashes the capture firmware; provided by the composition root when toolchains exist. */
export type FirmwareInstaller = (
  portPath: string,
  boardId: string,
  onProgress: (fraction: number, phrase: string) => void,
) => Promise<FirmwareInstallResult>

export interface CaptureServiceOptions {
  readonly open: StreamOpener
  readonly save: (sample: NewSample) => Promise<SampleMeta>
  readonly settings: Pick<SettingsService, 'get' | 'update'>
  readonly installFirmware?: FirmwareInstaller
  /** One owner per port (shared with the serial monitor and flashing); a private table by default. */
  readonly leases?: { acquire(path: string, use: PortUse): Disposable }
  /** The system clock by default; tests drive it with fake timers. */
  readonly clock?: Clock
  readonly timing?: Partial<SessionTiming>
}

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
    let result: FirmwareInstallResult | undefined
    await this.holdPort(portPath, 'flashing', async () => {
      result = await this.options.installFirmware!(portPath, boardId, (fraction, phrase) =>
        this.firmwareProgress.fire({ portPath, fraction, phrase }),
      )
    })
    return result!
  }

  /** Ends a running recording (app shutdown). */
  async dispose(): Promise<void> {
    if (this.session && !isFinal(this.session.status)) await this.session.cancel()
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

function isFinal(status: CaptureStatus): boolean {
  return status.phase === 'done' || status.phase === 'failed' || status.phase === 'cancelled'
}
