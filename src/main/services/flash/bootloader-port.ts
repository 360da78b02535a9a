import { MoteFailure, throwIfCancelled } from '../../../shared/errors'
import { FlashErrorCode } from '../../../shared/api/flash'
import type { Board } from '../../../core/boards/types'
import { parseHexId } from '../../../core/boards/board-lookup'
import type { CancellationToken } from '../../../shared/api/jobs'
import type { SerialLister, SerialPortInfo } from '../devices/device-sources'
import { flashCancelled } from './image-window'
import type { SerialOpener } from '../serial/serial-port'

export interface BootloaderPortDeps {
  readonly opener: SerialOpener
  readonly listPorts: SerialLister
  readonly sleep: (ms: number) => Promise<void>
  /** How long the board may take to re-enumerate in its bootloader (Arduino's IDE waits 10 s). */
  readonly waitMs: number
  readonly pollMs: number
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Opening a native-USB Arduino's CDC port at 1200 baud and closing it with DTR low is the agreed signal to
 * reboot into the bootloader (Arduino's `use_1200bps_touch`). A port that cannot be opened is not an error
 * here: the board may already be in its bootloader, or the user may have double-tapped reset.
 */
export async function touch1200(opener: SerialOpener, path: string): Promise<void> {
  try {
    const port = await opener(path, { baudRate: 1200 })
    await port.set({ dtr: false, rts: false }).catch(() => undefined)
    await port.close()
  } catch {
    // Nothing to touch: the wait below decides whether a bootloader shows up.
  }
}

/** True when this port's USB id is one of the board's bootloader ids. */
export function isBootloaderPort(port: SerialPortInfo, board: Board): boolean {
  const vid = parseHexId(port.vendorId)
  const pid = parseHexId(port.productId)
  return board.usbIds.some((id) => id.mode === 'bootloader' && id.vid === vid && id.pid === pid)
}

/**
 * The serial port of `board`'s bootloader, starting from the port the user picked: used as is when it is
 * already the bootloader, otherwise reached with the 1200-baud touch and found by polling the port list
 * (a port that appeared after the touch is preferred, since re-enumeration may rename it).
 */
export async function findBootloaderPort(
  deps: BootloaderPortDeps,
  board: Board,
  portPath: string,
  cancellation?: CancellationToken,
): Promise<string> {
  const before = await deps.listPorts().catch(() => [] as readonly SerialPortInfo[])
  const picked = before.find((p) => p.path === portPath)
  if (picked !== undefined && isBootloaderPort(picked, board)) return portPath
  await touch1200(deps.opener, portPath)
  const known = new Set(before.map((p) => p.path))
  const deadline = Date.now() + deps.waitMs
  for (;;) {
    throwIfCancelled(cancellation, flashCancelled('while waiting for the bootloader'))
    await deps.sleep(deps.pollMs)
    const ports = (await deps.listPorts().catch(() => [] as readonly SerialPortInfo[])).filter((p) =>
      isBootloaderPort(p, board),
    )
    const found = ports.find((p) => !known.has(p.path)) ?? ports[0]
    if (found !== undefined) return found.path
    if (Date.now() >= deadline) break
  }
  throw new MoteFailure(
    FlashErrorCode.BootloaderNotFound,
    `${board.name} did not come back in its bootloader after the reset on ${portPath}. ` +
      'Double-tap its reset button (the LED pulses) and flash again.',
  )
}
