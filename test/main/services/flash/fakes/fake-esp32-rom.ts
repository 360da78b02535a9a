import { createHash } from 'node:crypto'
import { inflateSync } from 'node:zlib'
import type { FakeDevice } from './fake-serial'

/** Register addresses of the ESP32 that the loader reads (ESP32 TRM; esptool's targets/esp32.py). */
const REG = {
  CHIP_MAGIC: 0x40001000,
  UART_CLKDIV: 0x3ff40014,
  EFUSE_BLK0_WORD1: 0x3ff5a004,
  EFUSE_BLK0_WORD2: 0x3ff5a008,
  EFUSE_BLK0_WORD3: 0x3ff5a00c,
  SPI_CMD: 0x3ff42000,
  SPI_USR2: 0x3ff42024,
  SPI_W0: 0x3ff42080,
} as const
const SPI_CMD_USR = 1 << 18

export interface FakeEsp32Options {
  /** The chip-detect magic word (0x00F01D83 for the ESP32). */
  readonly magic?: number
  /** DTR/RTS wired the wrong way round, so the classic reset never reaches download mode. */
  readonly swappedResetLines?: boolean
  /** A flash byte that reads back 0x00 whatever is written (a bad cell). */
  readonly stuckAddress?: number
}

/**
 * The ESP32 ROM serial loader, and the stub once "uploaded", as esptool's serial-protocol documentation
 * describes them: SLIP frames `C0 … C0` with DB DC / DB DD escapes; commands `00 op len16 chk32 data`;
 * responses `01 op len16 val32 data status` with 4 status bytes from the ROM and 2 from the stub. The
 * DevKitC auto-reset circuit is modelled: EN = ¬(RTS ∧ ¬DTR), IO0 = ¬(DTR ∧ ¬RTS); a rising EN boots,
 * into download mode when IO0 is low. Bytes sent at another baud rate than the chip's are lost.
 */
export class FakeEsp32Rom implements FakeDevice {
  readonly flash = new Uint8Array(4 * 1024 * 1024).fill(0xff)
  readonly log: string[] = []
  mode: 'app' | 'download' | 'stub' = 'app'
  baud = 115_200
  downloadBoots = 0
  appBoots = 0
  private en = true
  private regs = new Map<number, number>()
  private frame: number[] | undefined
  private escaping = false
  private defl: { offset: number; size: number; blocks: number; data: Uint8Array[] } | undefined
  private memBlocks = 0

  constructor(private readonly options: FakeEsp32Options = {}) {
    this.regs.set(REG.CHIP_MAGIC, options.magic ?? 0x00f01d83)
    this.regs.set(REG.UART_CLKDIV, 347) // 40 MHz crystal / 115200 baud
    this.regs.set(REG.EFUSE_BLK0_WORD1, 0x12345678)
    this.regs.set(REG.EFUSE_BLK0_WORD2, 0x00000abc)
  }

  signals(lines: { dtr: boolean; rts: boolean }, reply: (bytes: Uint8Array) => void): void {
    const [dtr, rts] = this.options.swappedResetLines ? [lines.rts, lines.dtr] : [lines.dtr, lines.rts]
    const en = !(rts && !dtr)
    const io0 = !(dtr && !rts)
    if (!this.en && en) this.boot(io0 ? 'app' : 'download', reply)
    this.en = en
  }

  receive(bytes: Uint8Array, reply: (bytes: Uint8Array) => void, hostBaud: number): void {
    if (hostBaud !== this.baud || this.mode === 'app') return
    for (const byte of bytes) this.slipByte(byte, reply)
  }

  private boot(mode: 'app' | 'download', reply: (bytes: Uint8Array) => void): void {
    this.mode = mode
    this.baud = 115_200
    this.frame = undefined
    if (mode === 'download') this.downloadBoots++
    else this.appBoots++
    const boot =
      mode === 'download'
        ? '0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\nwaiting for download'
        : '0x13 (SPI_FAST_FLASH_BOOT)'
    reply(
      new TextEncoder().encode(`ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:${boot}\r\n`),
    )
  }

  private slipByte(byte: number, reply: (bytes: Uint8Array) => void): void {
    if (byte === 0xc0) {
      if (this.frame !== undefined && this.frame.length > 0) this.packet(Uint8Array.from(this.frame), reply)
      this.frame = []
      return
    }
    if (this.frame === undefined) return
    if (this.escaping) {
      this.frame.push(byte === 0xdc ? 0xc0 : byte === 0xdd ? 0xdb : -1)
      this.escaping = false
    } else if (byte === 0xdb) this.escaping = true
    else this.frame.push(byte)
  }

  private packet(p: Uint8Array, reply: (bytes: Uint8Array) => void): void {
    const view = new DataView(p.buffer)
    if (p.length < 8 || p[0] !== 0x00 || view.getUint16(2, true) !== p.length - 8) return
    const op = p[1]!
    const chk = view.getUint32(4, true)
    const data = p.subarray(8)
    this.log.push(`op 0x${op.toString(16).padStart(2, '0')}`)
    const send = (value: number, payload: Uint8Array, error = 0) =>
      reply(this.response(op, value, payload, error))
    this.handle(op, data, chk, send, reply)
  }

  private handle(
    op: number,
    data: Uint8Array,
    chk: number,
    send: (v: number, d: Uint8Array, e?: number) => void,
    reply: (b: Uint8Array) => void,
  ) {
    const word = (i: number) => new DataView(data.buffer, data.byteOffset).getUint32(i * 4, true)
    switch (op) {
      case 0x08: // SYNC
        if (data.length !== 36 || data[0] !== 0x07 || data[3] !== 0x20) return send(0, new Uint8Array(), 0x05)
        for (let i = 0; i < (this.mode === 'stub' ? 1 : 8); i++)
          send(this.mode === 'stub' ? 0 : 0x20120707, new Uint8Array())
        return
      case 0x0a: // READ_REG
        return send(this.regs.get(word(0)) ?? 0, new Uint8Array())
      case 0x09: // WRITE_REG: groups of address, value, mask, delay
        for (let g = 0; g + 4 <= data.length / 4; g += 4) this.writeReg(word(g), word(g + 1), word(g + 2))
        return send(0, new Uint8Array())
      case 0x05: // MEM_BEGIN
        this.memBlocks = word(1)
        return send(0, new Uint8Array())
      case 0x07: // MEM_DATA
        return send(0, new Uint8Array(), checksum(data.subarray(16)) === chk ? 0 : 0x07)
      case 0x06: // MEM_END: the stub starts and says hello
        send(0, new Uint8Array())
        if (this.memBlocks > 0) {
          this.mode = 'stub'
          reply(slip(new TextEncoder().encode('OHAI')))
        }
        return
      case 0x0f: // CHANGE_BAUDRATE: acknowledged at the old rate, then switched
        send(0, new Uint8Array())
        this.baud = word(0)
        return
      case 0x0d: // SPI_ATTACH
        return send(0, new Uint8Array())
      case 0x10: // FLASH_DEFL_BEGIN
        this.defl = { size: word(0), blocks: word(1), offset: word(3), data: [] }
        return send(0, new Uint8Array())
      case 0x11: // FLASH_DEFL_DATA
        return send(0, new Uint8Array(), this.deflData(word(1), data.subarray(16), chk))
      case 0x12: // FLASH_DEFL_END
        return send(0, new Uint8Array())
      case 0x13: {
        // SPI_FLASH_MD5
        const digest = createHash('md5')
          .update(this.flash.subarray(word(0), word(0) + word(1)))
          .digest()
        return send(
          0,
          this.mode === 'stub' ? new Uint8Array(digest) : new TextEncoder().encode(digest.toString('hex')),
        )
      }
      default: // GET_SECURITY_INFO (0x14) and anything else: the ESP32 ROM says "invalid message"
        return send(0, new Uint8Array(), 0x05)
    }
  }

  private deflData(seq: number, block: Uint8Array, chk: number): number {
    const d = this.defl
    if (d === undefined || seq !== d.data.length || checksum(block) !== chk) return 0x07
    d.data.push(block.slice())
    if (d.data.length === d.blocks) {
      const plain = inflateSync(Buffer.concat(d.data))
      if (plain.length !== d.size) return 0x06
      this.flash.set(plain, d.offset)
      if (this.options.stuckAddress !== undefined) this.flash[this.options.stuckAddress] = 0
    }
    return 0
  }

  private writeReg(address: number, value: number, mask: number): void {
    this.regs.set(address, (((this.regs.get(address) ?? 0) & ~mask) | (value & mask)) >>> 0)
    if (address === REG.SPI_CMD && (value & SPI_CMD_USR) !== 0) {
      // RDID (0x9F) answers the JEDEC id of a 4 MB Winbond W25Q32: EF 40 16.
      if (((this.regs.get(REG.SPI_USR2) ?? 0) & 0xffff) === 0x9f) this.regs.set(REG.SPI_W0, 0x1640ef)
      this.regs.set(REG.SPI_CMD, 0)
    }
  }

  private response(op: number, value: number, payload: Uint8Array, error: number): Uint8Array {
    const status = this.mode === 'stub' ? [error ? 1 : 0, error] : [error ? 1 : 0, error, 0, 0]
    const body = new Uint8Array(8 + payload.length + status.length)
    const view = new DataView(body.buffer)
    body[0] = 0x01
    body[1] = op
    view.setUint16(2, payload.length + status.length, true)
    view.setUint32(4, value >>> 0, true)
    body.set(payload, 8)
    body.set(status, 8 + payload.length)
    return slip(body)
  }
}

function checksum(data: Uint8Array): number {
  let state = 0xef
  for (const b of data) state ^= b
  return state
}

function slip(packet: Uint8Array): Uint8Array {
  const out = [0xc0]
  for (const b of packet) {
    if (b === 0xc0) out.push(0xdb, 0xdc)
    else if (b === 0xdb) out.push(0xdb, 0xdd)
    else out.push(b)
  }
  out.push(0xc0)
  return Uint8Array.from(out)
}
