import { MonitorErrorCode } from '../../../shared/api/monitor'
import { TextDecoder, TextEncoder } from 'node:util'
import type {
  LineEnding,
  MonitorClosed,
  MonitorData,
  MonitorPause,
  SerialMonitorService as MonitorApi,
} from '../../../shared/api/monitor'
import { MoteFailure } from '../../../shared/errors'
import { Emitter, type Disposable } from '../../../shared/events'
import type { RawSerialPort, SerialOpener } from '../serial/serial-port'
import type { PortLeases, PortPauser, PortUse } from '../serial/port-leases'

const BATCH_MS = 50
const ENDINGS: Readonly<Record<LineEnding, string>> = { none: '', lf: '\n', cr: '\r', crlf: '\r\n' }

/** Reopening after a pause: a board may take a moment to come back (a reset, USB re-enumerating). */
export interface ResumeTiming {
  readonly attempts: number
  readonly delayMs: number
}
const DEFAULT_RESUME: ResumeTiming = { attempts: 20, delayMs: 250 }

interface OpenPort {
  readonly port: RawSerialPort
  readonly baudRate: number
  /** Closed on purpose for a flash: no "port closed" event, a pause event instead. */
  pausing: boolean
  readonly lease: Disposable
  readonly decoder: TextDecoder
  pending: string
  firstAt: number
  timer: ReturnType<typeof setTimeout> | undefined
  readonly subscriptions: Disposable[]
}

/**
 * The Arduino IDE's serial monitor, as a service: open a port at a baud rate, stream what arrives to the
 * UI in 50 ms batches (so 1 kHz of lines costs 20 events a second), send text with a line ending. The port
 * is leased, so a capture or flash cannot open it underneath. A board unplugged closes the session with the
 * OS's reason, and the text that arrived first is still delivered.
 */
export class SerialMonitorService implements MonitorApi, PortPauser {
  private readonly data = new Emitter<MonitorData>()
  private readonly closed = new Emitter<MonitorClosed>()
  private readonly paused = new Emitter<MonitorPause>()
  readonly onDidData = this.data.event
  readonly onDidClose = this.closed.event
  readonly onDidPause = this.paused.event
  private readonly ports = new Map<string, OpenPort>()

  constructor(
    private readonly openSerial: SerialOpener,
    private readonly leases: PortLeases,
    private readonly now: () => number = Date.now,
    private readonly resume: ResumeTiming = DEFAULT_RESUME,
  ) {}

  async open(path: string, baudRate: number): Promise<void> {
    if (this.ports.has(path)) await this.close(path)
    const lease = this.leases.acquire(path, 'serial monitor')
    let port: RawSerialPort
    try {
      port = await this.openSerial(path, { baudRate })
    } catch (error) {
      lease.dispose()
      throw new MoteFailure(
        MonitorErrorCode.OpenFailed,
        `Could not open ${path}: ${error instanceof Error ? error.message : String(error)}. Check that the board is plugged in and no other program uses the port.`,
      )
    }
    const open: OpenPort = {
      port,
      baudRate,
      pausing: false,
      lease,
      decoder: new TextDecoder('utf-8', { fatal: false }),
      pending: '',
      firstAt: 0,
      timer: undefined,
      subscriptions: [],
    }
    open.subscriptions.push(
      port.onData((chunk) => this.receive(path, open, chunk)),
      port.onClose((error) => this.ended(path, open, error)),
    )
    this.ports.set(path, open)
  }

  async close(path: string): Promise<void> {
    const open = this.ports.get(path)
    if (open === undefined) return
    await open.port.close()
    this.ended(path, open, undefined)
  }

  /**
   * Arduino IDE 2's behaviour around an upload: close the port while `reason` (flashing) needs it, say so,
   * and reopen it at the same baud rate afterwards, retrying while the board comes back. A port the
   * monitor does not hold is left alone.
   */
  async pauseFor(path: string, reason: PortUse): Promise<(() => Promise<void>) | null> {
    const open = this.ports.get(path)
    if (open === undefined) return null
    open.pausing = true
    await open.port.close()
    this.ended(path, open, undefined)
    this.paused.fire({ path, paused: true, reason })
    return () => this.resumeAfterPause(path, open.baudRate)
  }

  private async resumeAfterPause(path: string, baudRate: number): Promise<void> {
    let failure: unknown
    for (let attempt = 0; attempt < this.resume.attempts; attempt++) {
      if (this.ports.has(path)) return // opened again by the user meanwhile
      try {
        await this.open(path, baudRate)
        this.paused.fire({ path, paused: false })
        return
      } catch (error) {
        failure = error
        await new Promise((r) => setTimeout(r, this.resume.delayMs))
      }
    }
    const error = failure instanceof Error ? failure.message : String(failure)
    this.paused.fire({ path, paused: false, error })
    this.closed.fire({ path, error })
  }

  async send(path: string, text: string, lineEnding: LineEnding): Promise<void> {
    const open = this.ports.get(path)
    if (open === undefined) {
      throw new MoteFailure(
        MonitorErrorCode.NotOpen,
        `${path} is not open in the serial monitor. Open it first.`,
      )
    }
    await open.port.write(new TextEncoder().encode(text + ENDINGS[lineEnding]))
  }

  async openPorts(): Promise<readonly string[]> {
    return [...this.ports.keys()]
  }

  async dispose(): Promise<void> {
    for (const path of [...this.ports.keys()]) await this.close(path)
  }

  private receive(path: string, open: OpenPort, chunk: Uint8Array): void {
    if (open.pending === '') open.firstAt = this.now()
    open.pending += open.decoder.decode(chunk, { stream: true })
    open.timer ??= setTimeout(() => this.flush(path, open), BATCH_MS)
  }

  private flush(path: string, open: OpenPort): void {
    if (open.timer) clearTimeout(open.timer)
    open.timer = undefined
    if (open.pending === '') return
    this.data.fire({ path, text: open.pending, receivedAt: open.firstAt })
    open.pending = ''
  }

  private ended(path: string, open: OpenPort, error: Error | undefined): void {
    if (this.ports.get(path) !== open) return
    this.ports.delete(path)
    open.pending += open.decoder.decode()
    this.flush(path, open)
    for (const s of open.subscriptions) s.dispose()
    open.lease.dispose()
    if (!open.pausing) this.closed.fire(error === undefined ? { path } : { path, error: error.message })
  }
}
