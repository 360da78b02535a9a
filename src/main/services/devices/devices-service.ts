import { findBoard } from '../../../core/boards/board-lookup'
import {
  DevicesErrorCode,
  type DeviceEntry,
  type DevicesChange,
  type DevicesService as DevicesApi,
  type DevicesStatus,
} from '../../../shared/api/devices'
import { MoteFailure } from '../../../shared/errors'
import { Emitter, type Disposable } from '../../../shared/events'
import { buildEntries, diffEntries, isEmptyChange } from './device-entries'
import {
  globalTimers,
  type BoardChoiceStore,
  type SerialLister,
  type Timers,
  type UsbDeviceInfo,
  type UsbSource,
  type VirtualBoardPort,
  type VirtualBoardsProvider,
} from './device-sources'

export interface DevicesServiceOptions {
  readonly listSerialPorts: SerialLister
  /** Absent on platforms where the `usb` package cannot load; the service then lists serial ports only. */
  readonly usb?: UsbSource
  readonly virtualBoards?: VirtualBoardsProvider
  readonly choices: BoardChoiceStore
  readonly timers?: Timers
  /** Serial polling period; capped at 500 ms so that a plug is seen within 1 s even with a slow scan. */
  readonly pollIntervalMs?: number
}

const MAX_POLL_MS = 500
const NO_USB_NOTICE =
  'USB devices cannot be listed on this computer, so only serial ports are shown: boards in UF2, DFU or ' +
  'probe mode without a serial port will not appear.'

/**
 * The device list with hot-plug (DESIGN.md §7.1). Serial ports are polled every `pollIntervalMs`; USB
 * devices are re-listed when the `usb` package reports a plug or unplug and on every fourth poll, as a
 * safety net for platforms whose hot-plug events are unreliable. When USB is unavailable (no
 * `/sys/bus/usb`, no permission, no binary for this platform) the service keeps going on serial ports alone
 * and says so in `status().notice`. Call `start()` once; `dispose()` stops every timer and watcher.
 */
export class DevicesService implements DevicesApi {
  private readonly changes = new Emitter<DevicesChange>()
  readonly onDidChange = this.changes.event
  private readonly timers: Timers
  private readonly pollIntervalMs: number
  private entries: DeviceEntry[] = []
  private usbDevices: readonly UsbDeviceInfo[] = []
  private usbState: { available: boolean; notice?: string } = { available: false }
  private readonly busy = new Map<string, number>()
  private disposables: Disposable[] = []
  private interval: unknown
  private tick = 0
  private scanning: Promise<void> | undefined
  private rescanQueued = false
  private usbStale = true

  constructor(private readonly options: DevicesServiceOptions) {
    this.timers = options.timers ?? globalTimers
    this.pollIntervalMs = Math.min(options.pollIntervalMs ?? MAX_POLL_MS, MAX_POLL_MS)
  }

  /** Probes USB, takes the first scan and starts polling. Resolves once the first list is known. */
  async start(): Promise<void> {
    if (this.interval !== undefined) return
    await this.probeUsb()
    this.interval = this.timers.setInterval(() => void this.scan(), this.pollIntervalMs)
    await this.scan()
  }

  async list(): Promise<readonly DeviceEntry[]> {
    if (this.interval === undefined) await this.scan()
    return this.entries
  }

  async status(): Promise<DevicesStatus> {
    return {
      usb: this.usbState.available ? 'available' : 'unavailable',
      pollIntervalMs: this.pollIntervalMs,
      ...(this.usbState.notice === undefined ? {} : { notice: this.usbState.notice }),
    }
  }

  async chooseBoard(rememberKey: string, boardId: string): Promise<readonly DeviceEntry[]> {
    const board = findBoard(boardId)
    if (board === undefined) {
      throw new MoteFailure(
        DevicesErrorCode.UnknownBoard,
        `There is no board "${boardId}"; pick one from the list.`,
      )
    }
    if (board.virtual === true) {
      throw new MoteFailure(
        DevicesErrorCode.NotAskable,
        `${board.name} runs on this computer; pick a real board.`,
      )
    }
    try {
      const choices = await this.options.choices.get()
      await this.options.choices.set({ ...choices, [rememberKey]: boardId })
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error)
      throw new MoteFailure(
        DevicesErrorCode.StoreFailed,
        'Your choice could not be saved; check the settings folder.',
        detail,
      )
    }
    await this.scan()
    return this.entries
  }

  /**
   * Marks a device (by entry id or port path) busy until the returned handle is disposed; the flash and
   * capture services call this so that the Devices view shows the board as taken.
   */
  markBusy(idOrPath: string): Disposable {
    this.busy.set(idOrPath, (this.busy.get(idOrPath) ?? 0) + 1)
    void this.scan()
    let disposed = false
    return {
      dispose: () => {
        if (disposed) return
        disposed = true
        const count = (this.busy.get(idOrPath) ?? 1) - 1
        if (count <= 0) this.busy.delete(idOrPath)
        else this.busy.set(idOrPath, count)
        void this.scan()
      },
    }
  }

  dispose(): void {
    if (this.interval !== undefined) this.timers.clearInterval(this.interval)
    this.interval = undefined
    for (const d of this.disposables) d.dispose()
    this.disposables = []
    this.changes.dispose()
  }

  private async probeUsb(): Promise<void> {
    const usb = this.options.usb
    if (usb === undefined) {
      this.usbState = { available: false, notice: NO_USB_NOTICE }
      return
    }
    const probe = await usb.probe().catch((error: unknown) => ({ available: false, notice: reason(error) }))
    this.usbState = probe.available
      ? { available: true }
      : { available: false, notice: probe.notice ?? NO_USB_NOTICE }
    if (probe.available) {
      this.disposables.push(
        usb.watch(() => {
          this.usbStale = true
          void this.scan()
        }),
      )
    }
  }

  /** One scan at a time; a scan requested while one runs is run once more after it. */
  private scan(): Promise<void> {
    if (this.scanning !== undefined) {
      this.rescanQueued = true
      return this.scanning
    }
    this.scanning = this.scanOnce().finally(() => {
      this.scanning = undefined
      if (this.rescanQueued) {
        this.rescanQueued = false
        void this.scan()
      }
    })
    return this.scanning
  }

  private async scanOnce(): Promise<void> {
    this.tick++
    const [serialPorts, usbDevices, virtualBoards, choices] = await Promise.all([
      this.options.listSerialPorts().catch(() => []),
      this.listUsb(),
      this.listVirtual(),
      this.options.choices.get().catch(() => ({})),
    ])
    const next = buildEntries({
      serialPorts,
      usbDevices,
      virtualBoards,
      choices,
      busy: new Set(this.busy.keys()),
    })
    const change = diffEntries(this.entries, next)
    this.entries = next
    if (!isEmptyChange(change)) this.changes.fire(change)
  }

  private async listUsb(): Promise<readonly UsbDeviceInfo[]> {
    const usb = this.options.usb
    if (usb === undefined || !this.usbState.available) return []
    if (!this.usbStale && this.tick % 4 !== 0) return this.usbDevices
    try {
      this.usbDevices = await usb.list()
      this.usbStale = false
    } catch (error) {
      // A bus that vanished (a container losing /sys/bus/usb) degrades like one that was never there.
      this.usbState = { available: false, notice: `${NO_USB_NOTICE} (${reason(error)})` }
      this.usbDevices = []
    }
    return this.usbDevices
  }

  private async listVirtual(): Promise<readonly VirtualBoardPort[]> {
    try {
      return (await this.options.virtualBoards?.()) ?? []
    } catch {
      return []
    }
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
