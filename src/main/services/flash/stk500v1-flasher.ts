import { FlashErrorCode } from '../../../shared/api/flash'
import { findBoard } from '../../../core/boards/board-lookup'
import type { Board } from '../../../core/boards/types'
import type { CancellationToken } from '../../../shared/api/jobs'
import { MoteFailure, throwIfCancelled } from '../../../shared/errors'
import { ByteLink, LinkClosedError } from './byte-link'
import type { FirmwareImage } from '../firmware/firmware-image'
import type { FlashOptions, FlashResult, FlashTarget, Flasher } from './flasher'
import type { ResetStrategy } from '../firmware/reset-strategy'
import type { SerialOpener } from '../serial/serial-port'
import { AVR_PARTS, formatSignature, partForSignature, STK_TIMING, type StkTiming } from './stk500v1-protocol'
import { Stk500v1Session, StkProtocolError } from './stk500v1-session'

export interface Stk500v1FlasherDeps {
  readonly opener: SerialOpener
  /** Picks the reset for a target: a DTR pulse on a real port, the control socket of a virtual Uno. */
  readonly resetFor: (target: FlashTarget) => Promise<ResetStrategy>
  readonly sleep: (ms: number) => Promise<void>
  readonly now?: () => number
  readonly boards?: readonly Board[]
  /** Overrides of the protocol's deadlines (tests shorten them). */
  readonly timing?: Partial<StkTiming>
}

interface Plan {
  readonly board: Board
  readonly pageBytes: number
  readonly baud: number
  readonly pages: readonly { readonly address: number; readonly bytes: Uint8Array }[]
}

type Report = (fraction: number, phrase: string) => void

/**
 * Where a flash is, for the sentences of its failures: "went away while verifying page 37 of 190" must
 * name the phase it was in, not the last page the write phase reached.
 */
interface Position {
  phase: 'connecting' | 'writing' | 'verifying'
  /** 0-based page of the current phase. */
  page: number
  readonly pages: number
}

/** optiboot listens at 115200, the old ATmegaBOOT of many Nano clones at 57600. */
const ALTERNATE_BAUD: Readonly<Record<number, number>> = { 115_200: 57_600, 57_600: 115_200 }

// Shares of the progress bar: reset and sync, writing, verifying.
const WRITE_START = 0.05
const VERIFY_START = 0.55

/**
 * STK500v1 (Uno, Nano: optiboot, ATmegaBOOT): reset into the bootloader, sync with retries, check the
 * signature against the image's MCU, write every page of the image, read every page back and compare,
 * leave programming mode (optiboot then starts the application). Cancellation is honoured between pages;
 * every wait has a deadline; a port that closes under us is a `PortGone` failure and leaves nothing open.
 */
export class Stk500v1Flasher implements Flasher {
  readonly protocol = 'stk500v1' as const

  constructor(private readonly deps: Stk500v1FlasherDeps) {}

  async flash(image: FirmwareImage, target: FlashTarget, options: FlashOptions): Promise<FlashResult> {
    const now = this.deps.now ?? Date.now
    const started = now()
    const plan = planPages(image, target, this.deps.boards)
    const report: Report = (fraction, phrase) => options.onProgress?.({ fraction, phrase })
    const { link, session, signature } = await this.openSession(image, target, plan, report)
    const at: Position = { phase: 'writing', page: 0, pages: plan.pages.length }
    try {
      for (const [i, p] of plan.pages.entries()) {
        at.page = i
        report(
          WRITE_START + ((VERIFY_START - WRITE_START) * i) / plan.pages.length,
          `Writing page ${i + 1} of ${plan.pages.length}`,
        )
        checkCancelled(options.cancellation, at)
        await session.loadAddress(p.address)
        await session.programPage(p.bytes)
      }
      at.phase = 'verifying'
      await this.verify(session, plan, at, report, options.cancellation)
      await session.leaveProgramming()
      report(1, 'Done')
      return {
        bytesWritten: plan.pages.length * plan.pageBytes,
        verified: true,
        durationMs: now() - started,
        deviceIdentity: signature,
      }
    } catch (error) {
      throw explain(error, target.port, at)
    } finally {
      await link.close().catch(() => undefined)
    }
  }

  /**
   * Opens the port and reaches the bootloader: at the board's upload rate first, then — only when nothing
   * answered — at the other common optiboot/ATmegaBOOT rate (Nano clones ship either).
   */
  private async openSession(image: FirmwareImage, target: FlashTarget, plan: Plan, report: Report) {
    const alternate = ALTERNATE_BAUD[plan.baud]
    const bauds = alternate === undefined ? [plan.baud] : [plan.baud, alternate]
    for (const [i, baud] of bauds.entries()) {
      report(0, `Opening ${target.port} at ${baud} baud`)
      const port = await this.deps.opener(target.port, { baudRate: baud }).catch((error: unknown) => {
        throw new MoteFailure(
          FlashErrorCode.PortOpenFailed,
          `Could not open ${target.port}; is the board plugged in and the port free?`,
          String(error),
        )
      })
      const link = new ByteLink(port)
      const session = new Stk500v1Session(link, this.deps.sleep, { ...STK_TIMING, ...this.deps.timing })
      try {
        return { link, session, signature: await this.connect(session, link, image, target, plan, report) }
      } catch (error) {
        await link.close().catch(() => undefined)
        const noAnswer = error instanceof MoteFailure && error.code === FlashErrorCode.NoBootloaderAnswer
        if (!noAnswer || i === bauds.length - 1)
          throw explain(error, target.port, { phase: 'connecting', page: 0, pages: plan.pages.length })
      }
    }
    throw new Error('unreachable: the last baud rate rethrows')
  }

  /** Reset, sync (two rounds), read the signature and refuse an image built for another MCU. */
  private async connect(
    session: Stk500v1Session,
    link: ByteLink,
    image: FirmwareImage,
    target: FlashTarget,
    plan: Plan,
    report: Report,
  ): Promise<string> {
    const reset = await this.deps.resetFor(target)
    let synced = false
    for (
      let round = 0;
      round < (this.deps.timing?.resetRounds ?? STK_TIMING.resetRounds) && !synced;
      round++
    ) {
      report(0.01, `Resetting the board (${reset.description})`)
      await reset.reset(link.port).catch((error: unknown) => {
        throw new MoteFailure(
          FlashErrorCode.ResetFailed,
          `Could not reset the board on ${target.port} (${reset.description}).`,
          String(error),
        )
      })
      report(0.02, 'Waiting for the bootloader')
      synced = await session.sync()
    }
    if (!synced) {
      throw new MoteFailure(
        FlashErrorCode.NoBootloaderAnswer,
        `No answer from the bootloader on ${target.port} — is this an ${plan.board.name}? Try pressing reset just before flashing.`,
      )
    }
    // The image's MCU, not the picked board's, is what must match the chip: that is what runs.
    const signature = await session.readSignature()
    const mcu = image.mcu.toLowerCase()
    const expected = AVR_PARTS[mcu]
    if (!expected || !expected.signature.every((b, i) => signature[i] === b)) {
      const found = partForSignature(signature)
      throw new MoteFailure(
        FlashErrorCode.WrongMcu,
        `The board on ${target.port} is ${found ? `an ${found}` : 'an unknown chip'} (signature ${formatSignature(signature)}), ` +
          `but this image is for the ${mcu}; build it for this board, or pick the board it was built for.`,
      )
    }
    await session.enterProgramming()
    return formatSignature(signature)
  }

  private async verify(
    session: Stk500v1Session,
    plan: Plan,
    at: Position,
    report: Report,
    cancellation?: CancellationToken,
  ): Promise<void> {
    for (const [i, p] of plan.pages.entries()) {
      at.page = i
      report(
        VERIFY_START + ((1 - VERIFY_START) * i) / plan.pages.length,
        `Verifying page ${i + 1} of ${plan.pages.length}`,
      )
      checkCancelled(cancellation, at)
      await session.loadAddress(p.address)
      const read = await session.readPage(p.bytes.length)
      const differs = read.findIndex((b, k) => b !== p.bytes[k])
      if (differs >= 0) {
        throw new MoteFailure(
          FlashErrorCode.VerifyFailed,
          `Verification failed at 0x${(p.address + differs).toString(16)}: wrote 0x${p.bytes[differs]?.toString(16)}, read back 0x${read[differs]?.toString(16)}; flash again.`,
        )
      }
    }
  }
}

/** The image cut into whole pages (optiboot programs whole pages), after checking it fits the board. */
export function planPages(image: FirmwareImage, target: FlashTarget, boards?: readonly Board[]): Plan {
  const board = findBoard(target.boardId, boards)
  const layout = board?.flashLayout
  if (!board || !layout || board.flashProtocol !== 'stk500v1') {
    throw new MoteFailure(
      FlashErrorCode.BoardNotSupported,
      `Board ${target.boardId} is not flashed over STK500v1; pick an Uno-type board.`,
    )
  }
  const pageBytes = layout.pageBytes
  const start = image.baseAddress - (image.baseAddress % pageBytes)
  const end = image.baseAddress + image.bytes.length
  if (image.bytes.length === 0 || start < layout.appStartAddress || end > layout.appEndAddress) {
    throw new MoteFailure(
      FlashErrorCode.ImageOutOfRange,
      `${image.source} needs 0x${start.toString(16)}–0x${end.toString(16)}, but ${board.name} has room for 0x${layout.appStartAddress.toString(16)}–0x${layout.appEndAddress.toString(16)} (the bootloader sits above); make it smaller.`,
    )
  }
  const pages: { address: number; bytes: Uint8Array }[] = []
  for (let address = start; address < end; address += pageBytes) {
    const bytes = new Uint8Array(pageBytes).fill(0xff)
    const from = Math.max(address, image.baseAddress)
    const to = Math.min(address + pageBytes, end)
    bytes.set(image.bytes.subarray(from - image.baseAddress, to - image.baseAddress), from - address)
    pages.push({ address, bytes })
  }
  return { board, pageBytes, baud: layout.uploadBaud ?? 115_200, pages }
}

function checkCancelled(cancellation: CancellationToken | undefined, at: Position): void {
  throwIfCancelled(
    cancellation,
    at.phase === 'verifying'
      ? `Flashing was cancelled while ${where(at)}: the image is written but not checked; flash again to be sure.`
      : `Flashing was cancelled while ${where(at)}; the board holds a partial image until you flash again.`,
  )
}

/** "writing page 3 of 8", "verifying page 37 of 190", "connecting to the bootloader". */
function where(at: Position): string {
  if (at.phase === 'connecting') return 'connecting to the bootloader'
  return `${at.phase} page ${at.page + 1} of ${at.pages}`
}

function explain(error: unknown, port: string, at: Position): unknown {
  if (error instanceof MoteFailure) return error
  const written = at.phase === 'verifying' ? ' (every page was written)' : ''
  if (error instanceof LinkClosedError) {
    return new MoteFailure(
      FlashErrorCode.PortGone,
      `The board on ${port} went away while ${where(at)}${written}; plug it back in and flash again.`,
      error.message,
    )
  }
  if (error instanceof Error && error.name === 'LinkTimeoutError') {
    return new MoteFailure(
      FlashErrorCode.NoBootloaderAnswer,
      `The bootloader on ${port} stopped answering while ${where(at)}${written}; flash again.`,
      error.message,
    )
  }
  if (error instanceof StkProtocolError) {
    return new MoteFailure(
      FlashErrorCode.ProtocolError,
      `The bootloader on ${port} answered out of step; flash again.`,
      error.message,
    )
  }
  return error
}
