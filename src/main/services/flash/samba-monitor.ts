import type { ByteLink } from './byte-link'

/** Timeouts as bossa uses them (Samba.cpp TIMEOUT_NORMAL / TIMEOUT_LONG), the erase one longer: see below. */
export const SAMBA_TIMEOUTS = {
  normalMs: 1000,
  longMs: 5000,
  /** Erasing 960 KB of nRF52840 flash page by page takes longer than bossa's 5 s on a slow bootloader. */
  eraseMs: 30_000,
} as const

/** The Arduino extension letters a bootloader announces in its version string (`[Arduino:IKXYZ]`). */
export interface SambaCapabilities {
  readonly identify: boolean
  readonly reset: boolean
  readonly chipErase: boolean
  readonly writeBuffer: boolean
  readonly checksum: boolean
}

/**
 * The SAM-BA monitor protocol as bossa 1.9 (Arduino's fork) speaks it over USB CDC: ASCII commands
 * `<letter><hex>[,<hex>]#` with 8-digit upper-case hex, binary data after `S` and `R`, and the Arduino
 * extensions `X` (erase from address), `Y` (copy an SRAM buffer to flash), `Z` (CRC16 of a range),
 * `I` (chip name) and `K` (reset). Every exchange has a deadline; see docs/boards.md for the sources.
 */
export class SambaMonitor {
  constructor(private readonly link: ByteLink) {}

  /** `N#`: binary mode. The monitor answers `\n\r` (bossa reads and ignores the two bytes). */
  async setBinaryMode(): Promise<void> {
    this.link.discard()
    await this.link.write('N#')
    await this.link.read(2, SAMBA_TIMEOUTS.normalMs)
  }

  /** `V#`: the version line, e.g. `v1.1 [Arduino:XYZ] Jun 10 2015 11:08:10`, without its `\n\r`. */
  async version(): Promise<string> {
    await this.link.write('V#')
    return printable(await this.link.readUntil('\n\r', SAMBA_TIMEOUTS.normalMs))
  }

  /** `I#`: the chip name (`nRF52840-QIAA`), on bootloaders that announce `I`. */
  async identifyChip(): Promise<string> {
    await this.link.write('I#')
    return printable(await this.link.readUntil('\n\r', SAMBA_TIMEOUTS.normalMs))
  }

  /** `w<addr>,4#`: one 32-bit word, little-endian. */
  async readWord(address: number): Promise<number> {
    await this.link.write(`w${hex8(address)},4#`)
    const b = await this.link.read(4, SAMBA_TIMEOUTS.normalMs)
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0
  }

  /** `W<addr>,<value>#`: writes a word; the monitor does not answer. */
  async writeWord(address: number, value: number): Promise<void> {
    await this.link.write(`W${hex8(address)},${hex8(value)}#`)
  }

  /** `S<addr>,<size>#` then the bytes, in a separate write (bossa's workaround for a USB packet bug). */
  async writeBytes(address: number, data: Uint8Array): Promise<void> {
    await this.link.write(`S${hex8(address)},${hex8(data.length)}#`)
    await this.link.write(data)
  }

  /** `R<addr>,<size>#`: reads `size` bytes back. */
  async readBytes(address: number, size: number): Promise<Uint8Array> {
    await this.link.write(`R${hex8(address)},${hex8(size)}#`)
    return this.link.read(size, SAMBA_TIMEOUTS.longMs)
  }

  /** `X<addr>#`: erases from `address` to the end of flash; answers `X\n\r`. */
  async chipErase(address: number): Promise<void> {
    await this.link.write(`X${hex8(address)}#`)
    await this.expectAck('X', SAMBA_TIMEOUTS.eraseMs)
  }

  /** `Y<src>,0#` then `Y<dst>,<size>#`: copies `size` bytes from the SRAM buffer at `src` to flash. */
  async writeBuffer(src: number, dst: number, size: number): Promise<void> {
    await this.link.write(`Y${hex8(src)},0#`)
    await this.expectAck('Y', SAMBA_TIMEOUTS.normalMs)
    await this.link.write(`Y${hex8(dst)},${hex8(size)}#`)
    await this.expectAck('Y', SAMBA_TIMEOUTS.longMs)
  }

  /** `Z<addr>,<size>#`: the CRC16 (XMODEM) of a range, answered as `Z%08X#\n\r`. */
  async checksum(address: number, size: number): Promise<number> {
    await this.link.write(`Z${hex8(address)},${hex8(size)}#`)
    const reply = printable(await this.link.read(12, SAMBA_TIMEOUTS.longMs))
    const match = /^Z([0-9A-Fa-f]{8})#/.exec(reply)
    if (match === null) throw new SambaProtocolError(`unexpected checksum reply "${reply}"`)
    return Number.parseInt(match[1]!, 16)
  }

  /** `K#`: the bootloader resets into the application. */
  async reset(): Promise<void> {
    await this.link.write('K#')
  }

  private async expectAck(letter: string, timeoutMs: number): Promise<void> {
    const reply = await this.link.read(3, timeoutMs)
    if (reply[0] !== letter.charCodeAt(0)) {
      throw new SambaProtocolError(`expected "${letter}\\n\\r", got "${printable(reply)}"`)
    }
  }
}

export class SambaProtocolError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SambaProtocolError'
  }
}

/** Reads `[Arduino:...]` out of a version string, as bossa's `Samba::init` does. */
export function parseCapabilities(version: string): SambaCapabilities {
  const letters = /\[Arduino:([A-Z]*)\]/.exec(version)?.[1] ?? ''
  return {
    identify: letters.includes('I'),
    reset: letters.includes('K'),
    chipErase: letters.includes('X'),
    writeBuffer: letters.includes('Y'),
    checksum: letters.includes('Z'),
  }
}

/** CRC-16/XMODEM (poly 0x1021, init 0), the checksum the `Z` command returns. */
export function crc16(data: Uint8Array, crc = 0): number {
  for (const byte of data) {
    crc ^= byte << 8
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).toUpperCase().padStart(8, '0')
}

function printable(bytes: Uint8Array): string {
  let text = ''
  for (const b of bytes) {
    if (b < 0x20 || b > 0x7e) break
    text += String.fromCharCode(b)
  }
  return text
}
