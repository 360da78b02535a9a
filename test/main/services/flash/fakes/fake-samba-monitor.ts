import type { FakeDevice } from './fake-serial'

export interface FakeSambaOptions {
  /** The `V#` answer without `\n\r`, e.g. `v1.1 [Arduino:XYZ] Jun 10 2015 11:08:10`. */
  readonly version: string
  /** The `I#` answer (nRF52 bootloaders); absent: `I` is unknown to this monitor. */
  readonly chipName?: string
  readonly flashBase: number
  readonly flashBytes: number
  readonly eraseRowBytes: number
  readonly sram?: { readonly base: number; readonly bytes: number }
  /** nRF52-style: `S` and `Y`'s source address the bootloader's own buffer, not the memory map. */
  readonly separateBufferBytes?: number
  /** 32-bit words that `w` reads (CPUID, DSU DID). */
  readonly registers?: Readonly<Record<number, number>>
  /** A flash address whose cell is stuck at 0x00 (a worn cell), to exercise verification. */
  readonly stuckAddress?: number
  readonly onReset?: () => void
}

/**
 * A SAM-BA monitor that follows Atmel's `sam_ba_monitor.c` as the Adafruit/Microsoft UF2 SAMD bootloader
 * ships it (the one on the XIAO), byte for byte: hex digits accumulate into `current_number`, `,` moves it
 * to `ptr_data`, a letter starts a command, `#` runs it; `S` then swallows `current_number` raw bytes;
 * answers are binary in `N` mode. Flash behaves like NOR flash: erase sets 0xFF, programming only clears
 * bits, so writing over unerased flash corrupts it, as on the chip.
 */
export class FakeSambaMonitor implements FakeDevice {
  readonly flash: Uint8Array
  private readonly sram: Uint8Array
  private readonly buffer: Uint8Array
  private command = 0x7a // 'z', as the C initialises it
  private currentNumber = 0
  private ptrData = 0
  private srcBuffAddr = 0
  private pendingS: { address: number; remaining: number } | undefined
  readonly commandLog: string[] = []
  private text = ''
  resets = 0

  constructor(private readonly options: FakeSambaOptions) {
    this.flash = new Uint8Array(options.flashBytes).fill(0xff)
    this.sram = new Uint8Array(options.sram?.bytes ?? 0)
    this.buffer = new Uint8Array(options.separateBufferBytes ?? 0)
  }

  receive(bytes: Uint8Array, reply: (bytes: Uint8Array) => void): void {
    for (const byte of bytes) {
      if (this.pendingS) {
        this.store(this.pendingS.address++, byte, true)
        if (--this.pendingS.remaining === 0) this.pendingS = undefined
        continue
      }
      this.parse(byte, reply)
    }
  }

  private parse(byte: number, reply: (bytes: Uint8Array) => void): void {
    if (byte === 0xff) return
    const c = String.fromCharCode(byte)
    if (c === '#') {
      this.commandLog.push(`${this.text}#`)
      this.text = ''
      this.execute(reply)
      this.command = 0x7a
      this.currentNumber = 0
      return
    }
    this.text += c
    if (/[0-9A-Fa-f]/.test(c)) this.currentNumber = ((this.currentNumber << 4) | Number.parseInt(c, 16)) >>> 0
    else if (c === ',') {
      this.ptrData = this.currentNumber
      this.currentNumber = 0
    } else {
      this.command = byte
      this.currentNumber = 0
      this.text = c
    }
  }

  private execute(reply: (bytes: Uint8Array) => void): void {
    const ascii = (s: string) => reply(new TextEncoder().encode(s))
    const n = this.currentNumber
    switch (String.fromCharCode(this.command)) {
      case 'N':
        return ascii('\n\r')
      case 'V':
        return ascii(`${this.options.version}\n\r`)
      case 'I':
        if (this.options.chipName !== undefined) ascii(`${this.options.chipName}\n\r`)
        return
      case 'w':
        return reply(u32(this.options.registers?.[this.ptrData] ?? this.load32(this.ptrData)))
      case 'W':
        return this.writeWord(this.ptrData, n)
      case 'S':
        if (n > 0) this.pendingS = { address: this.ptrData, remaining: n }
        return
      case 'R':
        return reply(Uint8Array.from({ length: n }, (_, i) => this.load(this.ptrData + i)))
      case 'X':
        for (
          let a = n - (n % this.options.eraseRowBytes);
          a < this.flashEnd();
          a += this.options.eraseRowBytes
        ) {
          this.flash.fill(
            0xff,
            a - this.options.flashBase,
            a - this.options.flashBase + this.options.eraseRowBytes,
          )
        }
        return ascii('X\n\r')
      case 'Y':
        if (n === 0) this.srcBuffAddr = this.ptrData
        else
          for (let i = 0; i < n - (n % 4); i++)
            this.program(this.ptrData + i, this.load(this.srcBuffAddr + i, true))
        return ascii('Y\n\r')
      case 'Z': {
        let crc = 0
        for (let i = 0; i < n; i++) crc = crcAdd(this.load(this.ptrData + i), crc)
        return ascii(`Z${crc.toString(16).toUpperCase().padStart(8, '0')}#\n\r`)
      }
      case 'K':
        return this.reset()
    }
  }

  private writeWord(address: number, value: number): void {
    if (address === 0xe000ed0c && (value & 0xffff0004) === 0x05fa0004) return this.reset()
    u32(value).forEach((b, i) => this.store(address + i, b, false))
  }

  private reset(): void {
    this.resets++
    this.options.onReset?.()
  }

  private flashEnd(): number {
    return this.options.flashBase + this.options.flashBytes
  }

  private program(address: number, value: number): void {
    const at = address - this.options.flashBase
    if (at < 0 || at >= this.flash.length) return
    this.flash[at] = address === this.options.stuckAddress ? 0 : this.flash[at]! & value
  }

  private store(address: number, value: number, viaS: boolean): void {
    if (viaS && this.buffer.length > 0) {
      this.buffer[address] = value
      return
    }
    const sram = this.options.sram
    if (sram && address >= sram.base && address < sram.base + sram.bytes)
      this.sram[address - sram.base] = value
  }

  private load(address: number, fromBuffer = false): number {
    if (fromBuffer && this.buffer.length > 0) return this.buffer[address] ?? 0
    const sram = this.options.sram
    if (sram && address >= sram.base && address < sram.base + sram.bytes)
      return this.sram[address - sram.base]!
    const at = address - this.options.flashBase
    return at >= 0 && at < this.flash.length ? this.flash[at]! : 0
  }

  private load32(address: number): number {
    return (
      (this.load(address) |
        (this.load(address + 1) << 8) |
        (this.load(address + 2) << 16) |
        (this.load(address + 3) << 24)) >>>
      0
    )
  }
}

function u32(value: number): Uint8Array {
  return Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff)
}

/** `add_crc` from the bootloader: table-free CRC-16/CCITT (XMODEM), written independently of ours. */
function crcAdd(byte: number, crc: number): number {
  let x = ((crc >> 8) ^ byte) & 0xff
  x ^= x >> 4
  return ((crc << 8) ^ (x << 12) ^ (x << 5) ^ x) & 0xffff
}
