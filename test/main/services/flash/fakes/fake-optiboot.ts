import type { SerialSignals } from '../../../../../src/main/services/serial/serial-port'
import type { FakeDevice } from './fake-serial'

export interface FakeOptibootOptions {
  readonly signature?: readonly [number, number, number]
  /** A board without a bootloader (or another protocol): never answers. */
  readonly silent?: boolean
  /** Flips this flash byte after it is written, so read-back verification must catch it. */
  readonly corruptAddress?: number
  /** Called after this many page writes (to unplug the port mid-flash). */
  readonly afterPages?: { readonly count: number; readonly run: () => void }
  /** Ignore this many sync attempts after each reset (a bootloader slow to start). */
  readonly deafSyncs?: number
  /** The rate the bootloader listens at; bytes sent at another rate are noise to it. */
  readonly baudRate?: number
}

/**
 * optiboot 4.4's STK500v1 subset, written from its source (optiboot.c, AVR061): the bootloader runs after
 * a DTR edge (opening the port asserts DTR, as does the flasher's pulse), answers each command with INSYNC
 * … OK, writes whole pages from its buffer, and a command without CRC_EOP sends it to the application
 * (its watchdog reset), after which it is silent until the next reset.
 */
export class FakeOptiboot implements FakeDevice {
  readonly flash = new Uint8Array(32768).fill(0xff)
  inBootloader = false
  pagesWritten = 0
  resets = 0
  private pending: number[] = []
  private address = 0
  private deafLeft = 0
  private lastDtr = true

  constructor(private readonly options: FakeOptibootOptions = {}) {}

  opened(): void {
    this.reset()
  }

  signals(lines: Required<SerialSignals>): void {
    if (lines.dtr && !this.lastDtr) this.reset()
    this.lastDtr = lines.dtr
  }

  receive(bytes: Uint8Array, reply: (bytes: Uint8Array) => void, baudRate: number): void {
    if (!this.inBootloader || this.options.silent) return
    if (this.options.baudRate !== undefined && baudRate !== this.options.baudRate) return
    this.pending.push(...bytes)
    for (;;) {
      const used = this.step(reply)
      if (used === 0) return
      this.pending = this.pending.slice(used)
    }
  }

  private reset(): void {
    this.inBootloader = true
    this.pending = []
    this.resets++
    this.deafLeft = this.options.deafSyncs ?? 0
  }

  /** Handles one complete command at the head of `pending`; returns the bytes it used (0: need more). */
  private step(reply: (bytes: Uint8Array) => void): number {
    const p = this.pending
    const cmd = p[0]
    if (cmd === undefined) return 0
    const length = commandLength(p)
    if (length === undefined || p.length < length) return 0
    if (p[length - 1] !== 0x20) {
      this.inBootloader = false // verifySpace(): watchdog, then the application
      return p.length
    }
    const ok = (data: number[] = []) => reply(new Uint8Array([0x14, ...data, 0x10]))
    if (cmd === 0x30 && this.deafLeft > 0) this.deafLeft--
    else if (cmd === 0x41) ok([p[1] === 0x81 ? 4 : p[1] === 0x82 ? 4 : 3])
    else if (cmd === 0x55) {
      this.address = ((p[1] ?? 0) | ((p[2] ?? 0) << 8)) * 2
      ok()
    } else if (cmd === 0x64) this.writePage(p.slice(4, length - 1), ok)
    else if (cmd === 0x74)
      ok(Array.from(this.flash.subarray(this.address, this.address + ((p[1]! << 8) | p[2]!))))
    else if (cmd === 0x75) ok([...(this.options.signature ?? [0x1e, 0x95, 0x0f])])
    else if (cmd === 0x56) ok([0])
    else {
      ok()
      if (cmd === 0x51) this.inBootloader = false
    }
    return length
  }

  private writePage(data: number[], ok: () => void): void {
    this.flash.set(data, this.address)
    if (
      this.options.corruptAddress !== undefined &&
      this.options.corruptAddress >= this.address &&
      this.options.corruptAddress < this.address + data.length
    ) {
      this.flash[this.options.corruptAddress] = (this.flash[this.options.corruptAddress] ?? 0) ^ 0x01
    }
    this.pagesWritten++
    ok()
    if (this.pagesWritten === this.options.afterPages?.count) this.options.afterPages.run()
  }
}

/** Bytes in the command at the head of `p`, including CRC_EOP; undefined until enough is known. */
function commandLength(p: readonly number[]): number | undefined {
  switch (p[0]) {
    case 0x41:
      return 3
    case 0x42:
      return 22
    case 0x45:
      return 7
    case 0x55:
      return 4
    case 0x56:
      return 6
    case 0x64:
      return p.length < 3 ? undefined : 5 + ((p[1]! << 8) | p[2]!)
    case 0x74:
      return 5
    default:
      return 2
  }
}
