import {
  findBoard,
  formatUsbId,
  isAmbiguous,
  matchUsbId,
  parseHexId,
  type BoardMatch,
} from '../../../core/boards/board-lookup'
import type { DeviceEntry, DevicesChange, DeviceState } from '../../../shared/api/devices'
import type { SerialPortInfo, UsbDeviceInfo, VirtualBoardPort } from './device-sources'

/** Everything one scan saw, plus what the user and the flash service told us. */
export interface DeviceSnapshot {
  readonly serialPorts: readonly SerialPortInfo[]
  readonly usbDevices: readonly UsbDeviceInfo[]
  readonly virtualBoards: readonly VirtualBoardPort[]
  readonly choices: Readonly<Record<string, string>>
  /** Device ids and port paths that a flash or capture holds. */
  readonly busy: ReadonlySet<string>
}

/**
 * The device list for a snapshot. Serial ports without a USB vendor id (legacy `/dev/ttyS*`) are left out;
 * a USB device is listed on its own only when the catalog knows it and no serial port already stands for it
 * (a UF2 drive, a DFU bootloader, a probe without a serial interface).
 */
export function buildEntries(snapshot: DeviceSnapshot): DeviceEntry[] {
  const serial = snapshot.serialPorts.flatMap((port) => {
    const entry = serialEntry(port, snapshot)
    return entry === undefined ? [] : [entry]
  })
  const usb = snapshot.usbDevices
    .filter((device) => matchUsbId(device.vid, device.pid).length > 0)
    .filter((device) => !serial.some((entry) => sameDevice(entry, device)))
    .map((device) => usbEntry(device, snapshot))
  const virtual = snapshot.virtualBoards.map((port) => virtualEntry(port, snapshot.busy))
  return [...serial, ...usb, ...virtual]
}

function serialEntry(port: SerialPortInfo, snapshot: DeviceSnapshot): DeviceEntry | undefined {
  const vid = parseHexId(port.vendorId)
  const pid = parseHexId(port.productId)
  if (vid === undefined || pid === undefined) return undefined
  const serialNumber = nonEmpty(port.serialNumber)
  const rememberKey = serialNumber ?? `port:${port.path}`
  const id = `serial:${port.path}`
  return withBoard(
    {
      id,
      kind: 'serial',
      portPath: port.path,
      vid,
      pid,
      ...(serialNumber === undefined ? {} : { serialNumber }),
      ...optional('manufacturer', nonEmpty(port.manufacturer)),
      virtual: false,
      rememberKey,
    },
    snapshot,
    [id, port.path],
  )
}

function usbEntry(device: UsbDeviceInfo, snapshot: DeviceSnapshot): DeviceEntry {
  const serialNumber = nonEmpty(device.serialNumber)
  const id = `usb:${formatUsbId(device.vid, device.pid)}:${serialNumber ?? device.location}`
  return withBoard(
    {
      id,
      kind: 'usb',
      vid: device.vid,
      pid: device.pid,
      ...(serialNumber === undefined ? {} : { serialNumber }),
      ...optional('manufacturer', nonEmpty(device.manufacturer)),
      ...optional('product', nonEmpty(device.product)),
      virtual: false,
      rememberKey: serialNumber ?? `usb:${device.location}`,
    },
    snapshot,
    [id],
  )
}

type EntryBase = Omit<DeviceEntry, 'candidates' | 'state'> & { readonly vid: number; readonly pid: number }

/** Adds candidates, the resolved board, the question and the state to a physical device's entry. */
function withBoard(base: EntryBase, snapshot: DeviceSnapshot, busyKeys: readonly string[]): DeviceEntry {
  const matches = matchUsbId(base.vid, base.pid).filter((m) => m.board.virtual !== true)
  const candidates = matches.map((m) => ({ boardId: m.board.id, boardName: m.board.name }))
  const chosen =
    base.rememberKey === undefined ? undefined : findBoard(snapshot.choices[base.rememberKey] ?? '')
  const only = !isAmbiguous(matches) && matches.length === 1 ? matches[0]?.board : undefined
  const board = chosen ?? only
  const busy = busyKeys.some((key) => snapshot.busy.has(key))
  const state: DeviceState = busy ? 'busy' : modeOf(matches, board?.id)
  const entry: DeviceEntry = { ...base, candidates, state }
  if (board !== undefined) return { ...entry, boardId: board.id, boardName: board.name }
  return { ...entry, question: `${describe(base, matches)} — which board?` }
}

function modeOf(matches: readonly BoardMatch[], boardId: string | undefined): DeviceState {
  const relevant = boardId === undefined ? matches : matches.filter((m) => m.board.id === boardId)
  return relevant.some((m) => m.usbId.mode === 'bootloader') ? 'bootloader' : 'application'
}

function describe(base: EntryBase, matches: readonly BoardMatch[]): string {
  const note = matches.find((m) => m.usbId.note !== undefined)?.usbId.note
  if (note !== undefined) return note
  const name = base.product ?? base.manufacturer
  const kind = base.kind === 'serial' ? 'USB serial device' : 'USB device'
  return name === undefined ? `${kind} ${formatUsbId(base.vid, base.pid)}` : `${kind} (${name})`
}

function virtualEntry(port: VirtualBoardPort, busy: ReadonlySet<string>): DeviceEntry {
  const board = findBoard(port.boardId)
  const id = `virtual:${port.boardId}`
  const isBusy = busy.has(id) || (port.portPath !== undefined && busy.has(port.portPath))
  const state: DeviceState = !port.available ? 'unavailable' : isBusy ? 'busy' : 'application'
  return {
    id,
    kind: 'virtual',
    ...optional('portPath', port.portPath),
    candidates: board === undefined ? [] : [{ boardId: board.id, boardName: board.name }],
    boardId: port.boardId,
    boardName: board?.name ?? port.boardId,
    state,
    virtual: true,
    ...optional('note', port.reason),
  }
}

function sameDevice(entry: DeviceEntry, device: UsbDeviceInfo): boolean {
  if (entry.vid !== device.vid || entry.pid !== device.pid) return false
  const serialNumber = nonEmpty(device.serialNumber)
  return serialNumber === undefined || entry.serialNumber === undefined || entry.serialNumber === serialNumber
}

/** What changed between two lists, matched by entry id. */
export function diffEntries(before: readonly DeviceEntry[], after: readonly DeviceEntry[]): DevicesChange {
  const old = new Map(before.map((e) => [e.id, e]))
  const now = new Map(after.map((e) => [e.id, e]))
  return {
    plugged: after.filter((e) => !old.has(e.id)),
    unplugged: before.filter((e) => !now.has(e.id)),
    changed: after.filter((e) => old.has(e.id) && JSON.stringify(old.get(e.id)) !== JSON.stringify(e)),
    devices: after,
  }
}

export function isEmptyChange(change: DevicesChange): boolean {
  return change.plugged.length === 0 && change.unplugged.length === 0 && change.changed.length === 0
}

function nonEmpty(text: string | undefined): string | undefined {
  const trimmed = text?.trim()
  return trimmed === undefined || trimmed === '' ? undefined : trimmed
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}
