import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import type { Disposable, Listener } from '../events'

/** Devices service errors: the 5xxx block (docs/architecture.md). */
export const DevicesErrorCode = {
  UnknownBoard: 5001,
  NotAskable: 5002,
  StoreFailed: 5003,
  /** A serial port another part of the studio holds (monitor, capture, flash): one owner at a time. */
  PortInUse: 5101,
} as const

/**
 * What a device is doing: running its application, sitting in its bootloader (ready to flash), held by a
 * flash or capture in progress, or listed but not usable (a virtual board whose emulator is missing).
 * Boards whose USB belongs to a bridge chip (CH340, 16U2, ST-LINK) always read `application`: their id does
 * not change when the MCU resets into its bootloader.
 */
export type DeviceState = 'application' | 'bootloader' | 'busy' | 'unavailable'

/** One catalog board this device may be. */
export interface DeviceBoardCandidate {
  readonly boardId: string
  readonly boardName: string
}

export interface DeviceEntry {
  /** Stable while plugged: `serial:<path>`, `usb:<vid>:<pid>:<serial or bus location>`, `virtual:<boardId>`. */
  readonly id: string
  readonly kind: 'serial' | 'usb' | 'virtual'
  /** Serial port path (`/dev/ttyACM0`, `COM4`, a virtual board's pty); absent for USB-only devices. */
  readonly portPath?: string
  readonly vid?: number
  readonly pid?: number
  readonly serialNumber?: string
  readonly manufacturer?: string
  readonly product?: string
  /** Every catalog board that fits this device's USB id. Empty for an unknown device. */
  readonly candidates: readonly DeviceBoardCandidate[]
  /** The board it is: the only candidate, or the user's remembered choice. Absent while undecided. */
  readonly boardId?: string
  readonly boardName?: string
  readonly state: DeviceState
  readonly virtual: boolean
  /** Set while the user must say which board this is: "USB serial (CH340) — which board?". */
  readonly question?: string
  /**
   * The key `chooseBoard` remembers the answer under: the USB serial number, or for adapters that have none
   * (most CH340s) `port:<path>`, which lasts as long as the adapter keeps its port name.
   */
  readonly rememberKey?: string
  /** Why the device is unavailable, or other facts for the user ("virtual: simavr not installed"). */
  readonly note?: string
}

/** How the device list is being gathered; `notice` is shown once in the Devices view when set. */
export interface DevicesStatus {
  readonly usb: 'available' | 'unavailable'
  readonly notice?: string
  /** Milliseconds between serial-port polls. */
  readonly pollIntervalMs: number
}

/** A change in the device list; `devices` is the whole list after the change. */
export interface DevicesChange {
  readonly plugged: readonly DeviceEntry[]
  readonly unplugged: readonly DeviceEntry[]
  readonly changed: readonly DeviceEntry[]
  readonly devices: readonly DeviceEntry[]
}

export interface DevicesService {
  /** The current list, serial and USB devices first (in port order), then virtual boards. */
  list(): Promise<readonly DeviceEntry[]>
  status(): Promise<DevicesStatus>
  /**
   * Remembers which board the device with this `rememberKey` (its serial number, or `port:<path>`) is, and
   * returns the updated list. The board must be a real catalog board.
   */
  chooseBoard(serialNumber: string, boardId: string): Promise<readonly DeviceEntry[]>
  /** Fired within one poll interval of a device being plugged, unplugged or changing state. */
  onDidChange(listener: Listener<DevicesChange>): Disposable
}

export const rememberKeySchema = z.string().min(1).max(256)
export const boardIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not a board id')

export const devicesContract: ServiceContract<DevicesService> = {
  name: 'devices',
  methods: {
    list: z.tuple([]),
    status: z.tuple([]),
    chooseBoard: z.tuple([rememberKeySchema, boardIdSchema]),
  },
  events: ['didChange'],
}
