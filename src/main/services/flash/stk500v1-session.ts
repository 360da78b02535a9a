import type { ByteLink } from './byte-link'
import { STK, STK_TIMING, type StkTiming } from './stk500v1-protocol'

/** The part of a `ByteLink` the session uses; tests hand in a scripted bootloader. */
export type StkLink = Pick<ByteLink, 'write' | 'read' | 'discard'>

/** The bootloader answered, but not with INSYNC … OK: the two ends are out of step. */
export class StkProtocolError extends Error {
  override name = 'StkProtocolError'
  constructor(
    readonly command: number,
    readonly received: Uint8Array,
  ) {
    super(
      `command 0x${command.toString(16)}: unexpected answer ${Array.from(received, (b) => b.toString(16)).join(' ')}`,
    )
  }
}

/**
 * One STK500v1 conversation: each method sends one command and waits, with a deadline, for INSYNC, the
 * answer's bytes and OK. Timeouts surface as the link's `LinkTimeoutError`, a closed port as
 * `LinkClosedError`, a wrong answer as `StkProtocolError`.
 */
export class Stk500v1Session {
  constructor(
    private readonly link: StkLink,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly timing: StkTiming = STK_TIMING,
  ) {}

  /** Sends GET_SYNC until one gets INSYNC OK; false when all attempts fail (no bootloader listening). */
  async sync(): Promise<boolean> {
    for (let i = 0; i < this.timing.syncAttempts; i++) {
      this.link.discard()
      await this.link.write(new Uint8Array([STK.GET_SYNC, STK.CRC_EOP]))
      const reply = await this.link.read(2, this.timing.syncReplyMs).catch((error: unknown) => {
        if (error instanceof Error && error.name === 'LinkTimeoutError') return undefined
        throw error
      })
      if (reply && reply[0] === STK.INSYNC && reply[1] === STK.OK) {
        // Earlier attempts may still be answered: let those arrive, drop them, and confirm once more.
        await this.sleep(this.timing.settleMs)
        this.link.discard()
        await this.command(STK.GET_SYNC, [], 0)
        return true
      }
    }
    return false
  }

  async readSignature(): Promise<Uint8Array> {
    return this.command(STK.READ_SIGN, [], 3)
  }

  async softwareVersion(): Promise<string> {
    const major = await this.command(STK.GET_PARAMETER, [STK.PARAM_SW_MAJOR], 1)
    const minor = await this.command(STK.GET_PARAMETER, [STK.PARAM_SW_MINOR], 1)
    return `${major[0]}.${minor[0]}`
  }

  async enterProgramming(): Promise<void> {
    await this.command(STK.ENTER_PROGMODE, [], 0)
  }

  /** Leaving programming mode makes optiboot start the application (its watchdog fires 16 ms later). */
  async leaveProgramming(): Promise<void> {
    await this.command(STK.LEAVE_PROGMODE, [], 0)
  }

  /** `byteAddress` must be even; the protocol carries word addresses. */
  async loadAddress(byteAddress: number): Promise<void> {
    const word = byteAddress >> 1
    await this.command(STK.LOAD_ADDRESS, [word & 0xff, (word >> 8) & 0xff], 0)
  }

  async programPage(bytes: Uint8Array): Promise<void> {
    const header = [(bytes.length >> 8) & 0xff, bytes.length & 0xff, STK.MEMTYPE_FLASH]
    await this.command(STK.PROG_PAGE, [...header, ...bytes], 0, this.timing.pageWriteReplyMs)
  }

  async readPage(length: number): Promise<Uint8Array> {
    return this.command(STK.READ_PAGE, [(length >> 8) & 0xff, length & 0xff, STK.MEMTYPE_FLASH], length)
  }

  private async command(
    command: number,
    args: readonly number[],
    answerBytes: number,
    timeoutMs: number = this.timing.commandReplyMs,
  ): Promise<Uint8Array> {
    await this.link.write(new Uint8Array([command, ...args, STK.CRC_EOP]))
    const reply = await this.link.read(answerBytes + 2, timeoutMs)
    if (reply[0] !== STK.INSYNC || reply[answerBytes + 1] !== STK.OK)
      throw new StkProtocolError(command, reply)
    return reply.slice(1, answerBytes + 1)
  }
}
