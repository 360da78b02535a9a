import type { Disposable } from '../../../shared/events'

/**
 * Everything the devices service learns the world through, passed in so that tests feed fake sources
 * (DESIGN.md §7.4). The real ones: `serialport`'s `SerialPort.list`, `usb-source.ts`, the virtual-boards
 * service, the settings service and the global timers.
 */

/** One serial port, in the shape `SerialPort.list()` returns (ids are hex strings such as `2341`). */
export interface SerialPortInfo {
  readonly path: string
  readonly manufacturer?: string
  readonly serialNumber?: string
  readonly pnpId?: string
  readonly locationId?: string
  readonly vendorId?: string
  readonly productId?: string
}

export type SerialLister = () => Promise<readonly SerialPortInfo[]>

/** A USB device without regard to its interfaces. `location` is unique on the bus while it is plugged. */
export interface UsbDeviceInfo {
  readonly vid: number
  readonly pid: number
  readonly location: string
  readonly serialNumber?: string
  readonly manufacturer?: string
  readonly product?: string
}

export interface UsbProbe {
  readonly available: boolean
  /** Why USB listing is off, in words for the user. */
  readonly notice?: string
}

/**
 * USB enumeration. `probe` is called once before anything else; when it says unavailable, `list` and
 * `watch` are never called. `watch` reports that something was plugged or unplugged, without details.
 */
export interface UsbSource {
  probe(): Promise<UsbProbe>
  list(): Promise<readonly UsbDeviceInfo[]>
  watch(onChange: () => void): Disposable
}

/** A virtual board as the virtual-boards service reports it. */
export interface VirtualBoardPort {
  readonly boardId: string
  /** The pty (or other path) its UART is reachable at while it runs. */
  readonly portPath?: string
  /** False when it cannot run here (no libsimavr, no qemu-system-arm); `reason` says why. */
  readonly available: boolean
  readonly reason?: string
}

export type VirtualBoardsProvider = () => Promise<readonly VirtualBoardPort[]> | readonly VirtualBoardPort[]

/** Where the user's which-board answers live (the settings service's `boardBySerialNumber`). */
export interface BoardChoiceStore {
  get(): Promise<Readonly<Record<string, string>>>
  set(boardBySerialNumber: Readonly<Record<string, string>>): Promise<void>
}

export interface Timers {
  setInterval(callback: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
}

/** The global timers, looked up at call time so that test fake timers apply. */
export const globalTimers: Timers = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
}

/** A store that forgets on restart, for the CLI and tests. */
export function memoryChoiceStore(initial: Record<string, string> = {}): BoardChoiceStore {
  let map: Readonly<Record<string, string>> = { ...initial }
  return {
    get: async () => map,
    set: async (next) => {
      map = { ...next }
    },
  }
}

/** The settings service's `boardBySerialNumber` as a choice store (the composition root wires this). */
export function settingsChoiceStore(settings: {
  get(): Promise<{ readonly boardBySerialNumber: Readonly<Record<string, string>> }>
  update(patch: { boardBySerialNumber: Record<string, string> }): Promise<unknown>
}): BoardChoiceStore {
  return {
    get: async () => (await settings.get()).boardBySerialNumber,
    set: async (boardBySerialNumber) => {
      await settings.update({ boardBySerialNumber: { ...boardBySerialNumber } })
    },
  }
}
