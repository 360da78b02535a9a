import { FlashErrorCode } from '../../../shared/api/flash'
import { findBoard } from '../../../core/boards/board-lookup'
import type { Board, FlashLayout } from '../../../core/boards/types'
import type { CancellationToken } from '../../../shared/api/jobs'
import { isMoteFailure, MoteFailure, throwIfCancelled } from '../../../shared/errors'
import type { SerialLister } from '../devices/device-sources'
import { findBootloaderPort, realSleep } from './bootloader-port'
import { ByteLink, LinkClosedError, LinkTimeoutError } from './byte-link'
import type { FirmwareImage } from '../firmware/firmware-image'
import type { FlashOptions, FlashResult, FlashTarget, Flasher } from './flasher'
import { checkImageRange, padImage, flashCancelled } from './image-window'
import {
  crc16,
  parseCapabilities,
  SambaMonitor,
  SambaProtocolError,
  type SambaCapabilities,
} from './samba-monitor'
import type { SerialOpener } from '../serial/serial-port'

export interface SambaFlasherDeps {
  readonly opener: SerialOpener
  readonly listPorts: SerialLister
  readonly sleep?: (ms: number) => Promise<void>
  readonly bootloaderWaitMs?: number
  readonly now?: () => number
}

type Layout = FlashLayout & { readonly samba: NonNullable<FlashLayout['samba']> }
type Report = (fraction: number, phrase: string) => void

/** Cortex-M AIRCR with VECTKEY and SYSRESETREQ: how bossa's `-R` resets a board without the `K` command. */
const AIRCR = 0xe000ed0c
const AIRCR_SYSRESETREQ = 0x05fa0004
const CPUID = 0xe000ed00
const DSU_DID = 0x41002018
/** bossa's ATSAMD_CHIPID_MASK: drops the DIE and REVISION fields of DSU DID. */
const DSU_DID_MASK = 0xffff00ff

/**
 * SAM-BA/bossa (Nano 33 BLE, XIAO SAMD21): 1200-baud touch, wait for the bootloader port, identify the
 * chip, erase with `X`, write each 4 KB chunk by `S` into an SRAM buffer and `Y` into flash (alternating two
 * buffers, as bossa does), verify with `Z` CRCs (or `R` read-back), then reset. Bootloaders without the
 * Arduino `X`/`Y` extensions (a bare ROM SAM-BA) are refused: they need bossa's per-family NVM drivers.
 */
export class SambaFlasher implements Flasher {
  readonly protocol = 'sam-ba' as const

  constructor(private readonly deps: SambaFlasherDeps) {}

  async flash(image: FirmwareImage, target: FlashTarget, options: FlashOptions): Promise<FlashResult> {
    const now = this.deps.now ?? Date.now
    const started = now()
    const { board, layout } = sambaBoard(target.boardId)
    checkImageRange(image, layout, board.name)
    const report: Report = (fraction, phrase) => options.onProgress?.({ fraction, phrase })
    report(0, 'Resetting into the bootloader')
    const sleep = this.deps.sleep ?? realSleep
    const portPath = await findBootloaderPort(
      {
        opener: this.deps.opener,
        listPorts: this.deps.listPorts,
        sleep,
        waitMs: this.deps.bootloaderWaitMs ?? 10_000,
        pollMs: 100,
      },
      board,
      target.port,
      options.cancellation,
    )
    const link = new ByteLink(await this.open(portPath))
    try {
      const monitor = new SambaMonitor(link)
      const identity = await this.connect(monitor, board, layout)
      const bytes = padImage(image.bytes, layout.pageBytes)
      const address = image.baseAddress - layout.appStartAddress + layout.samba.addressBase
      await this.program(monitor, identity.caps, layout, address, bytes, report, options.cancellation)
      report(1, 'Restarting the board')
      if (identity.caps.reset) await monitor.reset()
      else await monitor.writeWord(AIRCR, AIRCR_SYSRESETREQ)
      return {
        bytesWritten: bytes.length,
        verified: true,
        durationMs: now() - started,
        deviceIdentity: identity.text,
      }
    } catch (error) {
      throw translate(error, portPath, board)
    } finally {
      await link.close().catch(() => undefined)
    }
  }

  private async open(portPath: string) {
    try {
      // USB CDC ignores the rate; 921600 is what bossa asks for on USB ports.
      return await this.deps.opener(portPath, { baudRate: 921_600 })
    } catch (error) {
      throw new MoteFailure(
        FlashErrorCode.BootloaderNotFound,
        `The bootloader port ${portPath} could not be opened; unplug the board, plug it back in and flash again.`,
        String(error),
      )
    }
  }

  private async connect(monitor: SambaMonitor, board: Board, layout: Layout) {
    await monitor.setBinaryMode()
    const version = await monitor.version()
    const caps = parseCapabilities(version)
    if (!caps.chipErase || !caps.writeBuffer) {
      throw new MoteFailure(
        FlashErrorCode.BoardNotSupported,
        `The bootloader on this ${board.name} ("${version}") lacks the Arduino X/Y commands Mote needs; update it with the Arduino IDE's "Burn bootloader".`,
      )
    }
    const chip = await this.identify(monitor, caps, layout, board)
    return { caps, text: `${chip}, SAM-BA ${version}` }
  }

  private async identify(
    monitor: SambaMonitor,
    caps: SambaCapabilities,
    layout: Layout,
    board: Board,
  ): Promise<string> {
    const expected = layout.sambaChip
    if (expected?.identify !== undefined) {
      const name = caps.identify ? await monitor.identifyChip() : '(no I command)'
      if (name !== expected.identify) throw wrongChip(board, expected.identify, name)
      return name
    }
    if (expected?.dsuDid !== undefined) {
      const part = ((await monitor.readWord(CPUID)) >>> 4) & 0xfff
      const did = part === 0xc60 ? ((await monitor.readWord(DSU_DID)) & DSU_DID_MASK) >>> 0 : 0
      if (did !== expected.dsuDid)
        throw wrongChip(board, `DSU DID 0x${expected.dsuDid.toString(16)}`, `0x${did.toString(16)}`)
      return `DSU DID 0x${did.toString(16)}`
    }
    return 'unidentified chip'
  }

  private async program(
    monitor: SambaMonitor,
    caps: SambaCapabilities,
    layout: Layout,
    address: number,
    bytes: Uint8Array,
    report: Report,
    cancellation: CancellationToken | undefined,
  ): Promise<void> {
    const { chunkBytes, bufferAddress } = layout.samba
    const chunks = Math.ceil(bytes.length / chunkBytes)
    report(0.05, 'Erasing flash')
    await monitor.chipErase(address)
    for (let i = 0; i < chunks; i++) {
      throwIfCancelled(cancellation, flashCancelled(`after ${i} of ${chunks} blocks`))
      const chunk = bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes)
      const buffer = bufferAddress + (i % 2) * chunkBytes
      await monitor.writeBytes(buffer, chunk)
      await monitor.writeBuffer(buffer, address + i * chunkBytes, chunk.length)
      report(0.1 + (0.6 * (i + 1)) / chunks, `Writing block ${i + 1} of ${chunks}`)
    }
    for (let i = 0; i < chunks; i++) {
      throwIfCancelled(cancellation, flashCancelled(`while verifying block ${i + 1} of ${chunks}`))
      const chunk = bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes)
      await verifyChunk(monitor, caps, address + i * chunkBytes, chunk)
      report(0.7 + (0.3 * (i + 1)) / chunks, `Verifying block ${i + 1} of ${chunks}`)
    }
  }
}

async function verifyChunk(
  monitor: SambaMonitor,
  caps: SambaCapabilities,
  address: number,
  chunk: Uint8Array,
) {
  if (caps.checksum) {
    const actual = await monitor.checksum(address, chunk.length)
    if (actual !== crc16(chunk))
      throw verifyFailed(address, `CRC 0x${actual.toString(16)} ≠ 0x${crc16(chunk).toString(16)}`)
    return
  }
  // SAMD bootloaders with the Arduino extensions corrupt USB reads of 64 bytes or more (bossa's comment).
  for (let offset = 0; offset < chunk.length; offset += 63) {
    const expected = chunk.subarray(offset, offset + 63)
    const actual = await monitor.readBytes(address + offset, expected.length)
    if (actual.some((b, k) => b !== expected[k])) throw verifyFailed(address + offset, 'read-back differs')
  }
}

function sambaBoard(boardId: string): { board: Board; layout: Layout } {
  const board = findBoard(boardId)
  const layout = board?.flashLayout
  if (board === undefined || layout?.samba === undefined) {
    throw new MoteFailure(
      FlashErrorCode.BoardNotSupported,
      `Board "${boardId}" is not flashed over SAM-BA; pick its own flash method.`,
    )
  }
  return { board, layout: layout as Layout }
}

function wrongChip(board: Board, expected: string, actual: string) {
  return new MoteFailure(
    FlashErrorCode.WrongMcu,
    `This bootloader reports ${actual}, not the ${expected} of ${board.name}; pick the board that is plugged in.`,
  )
}

function verifyFailed(address: number, detail: string) {
  return new MoteFailure(
    FlashErrorCode.VerifyFailed,
    `Verification failed at 0x${address.toString(16)}: the flash does not hold the image. Flash again; if it repeats, the flash may be worn.`,
    detail,
  )
}

function translate(error: unknown, portPath: string, board: Board): unknown {
  if (isMoteFailure(error)) return error
  if (error instanceof LinkClosedError) {
    return new MoteFailure(
      FlashErrorCode.PortGone,
      `${board.name} disconnected during flashing (${portPath}); plug it back in and flash again.`,
      error.message,
    )
  }
  if (error instanceof LinkTimeoutError) {
    return new MoteFailure(
      FlashErrorCode.NoBootloaderAnswer,
      `No answer from the SAM-BA bootloader on ${portPath}. Is this a ${board.name}? Double-tap reset and try again.`,
      error.message,
    )
  }
  if (error instanceof SambaProtocolError) {
    return new MoteFailure(
      FlashErrorCode.ProtocolError,
      `The bootloader on ${portPath} answered something unexpected; unplug the board, plug it back in and try again.`,
      error.message,
    )
  }
  return error
}
