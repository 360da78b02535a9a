import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import type { Disposable, Listener } from '../events'

/** Serial monitor errors: 5200–5299 of the devices block (docs/architecture.md). */
export const MonitorErrorCode = {
  OpenFailed: 5201,
  NotOpen: 5202,
} as const

/** Text that arrived on a monitored port since the last event (batched every ~50 ms). */
export interface MonitorData {
  readonly path: string
  readonly text: string
  /** Milliseconds since the epoch when the first byte of this batch arrived. */
  readonly receivedAt: number
}

export interface MonitorClosed {
  readonly path: string
  /** Set when the port went away on its own (board unplugged), not when the user closed it. */
  readonly error?: string
}

/**
 * The monitor let go of a port for a while (flashing needs it, as in Arduino IDE 2) or took it back. The
 * port is reopened at the same baud rate after the flash; `error` says why it could not be.
 */
export interface MonitorPause {
  readonly path: string
  readonly paused: boolean
  /** What has the port while paused: "flashing". */
  readonly reason?: string
  readonly error?: string
}

export interface SerialMonitorService {
  /** Opens a port for the monitor; the port must not be used by a capture or a flash at the time. */
  open(path: string, baudRate: number): Promise<void>
  close(path: string): Promise<void>
  /** Sends text followed by the chosen line ending. */
  send(path: string, text: string, lineEnding: LineEnding): Promise<void>
  /** Paths open in the monitor now (a reloaded window reattaches to them). */
  openPorts(): Promise<readonly string[]>
  onDidData(listener: Listener<MonitorData>): Disposable
  onDidClose(listener: Listener<MonitorClosed>): Disposable
  onDidPause(listener: Listener<MonitorPause>): Disposable
}

export const lineEndingSchema = z.enum(['none', 'lf', 'cr', 'crlf'])
export type LineEnding = z.infer<typeof lineEndingSchema>
/** The baud rates the Arduino IDE offers; anything else is refused (the OS may accept nonsense silently). */
export const BAUD_RATES = [
  300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 74880, 115200, 230400, 250000, 460800, 500000, 921600,
  1000000, 2000000,
] as const
export const baudRateSchema = z
  .number()
  .int()
  .refine((b) => (BAUD_RATES as readonly number[]).includes(b), 'not a supported baud rate')
export const portPathSchema = z.string().min(1).max(512)

export const monitorContract: ServiceContract<SerialMonitorService> = {
  name: 'monitor',
  methods: {
    open: z.tuple([portPathSchema, baudRateSchema]),
    close: z.tuple([portPathSchema]),
    send: z.tuple([portPathSchema, z.string().max(4096), lineEndingSchema]),
    openPorts: z.tuple([]),
  },
  events: ['didData', 'didClose', 'didPause'],
}
