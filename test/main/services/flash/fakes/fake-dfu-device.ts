import type { ControlSetup, DfuUsbDevice } from '../../../../../src/main/services/flash/dfu-session'

export interface FakeDfuOptions {
  /** DfuSe (bcdDFUVersion 0x011A, ST's commands) or plain DFU 1.1 (0x0110). */
  readonly dfuse: boolean
  readonly transferSize: number
  /** The alternate setting's string, e.g. `@Internal Flash  /0x08000000/256*08Kg`. */
  readonly layout: string
  readonly flashBase: number
  readonly flashBytes: number
  readonly sectorBytes: number
  readonly manifestationTolerant?: boolean
  readonly serialNumber?: string
  /** An address whose programming fails with errWRITE (a damaged cell). */
  readonly failWriteAt?: number
}

const S = {
  appIDLE: 0,
  dfuIDLE: 2,
  SYNC: 3,
  BUSY: 4,
  DN_IDLE: 5,
  MAN_SYNC: 6,
  MAN: 7,
  MAN_WAIT_RESET: 8,
  UP_IDLE: 9,
  ERROR: 10,
}
const ST = { OK: 0, errWRITE: 3, errERASE: 4, errPROG: 6, errADDRESS: 8, errSTALLEDPKT: 15 }

/**
 * A DFU device behind the WebUSB interface the `usb` package gives, implementing the DFU 1.1 state machine
 * (spec §6, Appendix A) and, when `dfuse`, ST's extensions as the STM32 system bootloader does (AN3156):
 * block 0 carries commands (0x21 set address, 0x41 erase), blocks ≥ 2 data at pointer + (n−2)·size, UPLOAD
 * reads the same way, and a zero-length DNLOAD leaves (the device resets and drops off the bus). Requests
 * in the wrong state stall and put it in dfuERROR, as the spec says.
 */
export class FakeDfuDevice implements DfuUsbDevice {
  readonly vendorId = 0x0483
  readonly productId = 0xdf11
  readonly serialNumber: string
  configuration: { configurationValue: number } | null = null
  readonly flash: Uint8Array
  readonly log: string[] = []
  state = S.dfuIDLE
  private status = ST.OK
  private pointer = 0
  private pending: { block: number; data: Uint8Array; done: boolean } | undefined
  private claimed = false
  gone = false
  started = false

  constructor(private readonly o: FakeDfuOptions) {
    this.serialNumber = o.serialNumber ?? '3677375A3036'
    this.flash = new Uint8Array(o.flashBytes).fill(0x00) // not erased: a write without erase must fail
  }

  /** Plugged back in (BOOT0 still high): fresh in dfuIDLE, flash contents kept. */
  replug(): void {
    this.gone = false
    this.state = S.dfuIDLE
    this.status = ST.OK
    this.pending = undefined
    this.claimed = false
    this.configuration = null
  }

  async open() {
    this.alive()
  }
  async close() {}
  async selectConfiguration(value: number) {
    this.alive()
    this.configuration = { configurationValue: value }
  }
  async claimInterface(n: number) {
    this.alive()
    if (n !== 0 || !this.configuration) throw new Error('bad interface')
    this.claimed = true
  }
  async releaseInterface() {
    this.claimed = false
  }
  async selectAlternateInterface(i: number, alt: number) {
    this.alive()
    if (i !== 0 || alt !== 0) throw new Error('no such alternate')
  }

  async controlTransferIn(setup: ControlSetup, length: number): Promise<{ data?: DataView; status: string }> {
    this.alive()
    if (setup.requestType === 'standard' && setup.request === 6)
      return ok(this.descriptor(setup.value).slice(0, length))
    this.checkClass(setup)
    switch (setup.request) {
      case 3:
        return ok(this.getStatus())
      case 5:
        return ok(Uint8Array.of(this.state))
      case 2:
        return this.upload(setup.value, length)
    }
    return this.stall()
  }

  async controlTransferOut(
    setup: ControlSetup,
    data?: ArrayBuffer | ArrayBufferView,
  ): Promise<{ bytesWritten: number; status: string }> {
    this.alive()
    this.checkClass(setup)
    const bytes =
      data === undefined
        ? new Uint8Array(0)
        : new Uint8Array(
            data instanceof ArrayBuffer ? data : data.buffer,
            data instanceof ArrayBuffer ? 0 : data.byteOffset,
            data.byteLength,
          ).slice()
    switch (setup.request) {
      case 1:
        return this.dnload(setup.value, bytes)
      case 4:
        this.state = S.dfuIDLE
        this.status = ST.OK
        return { bytesWritten: 0, status: 'ok' }
      case 6:
        if (![S.dfuIDLE, S.SYNC, S.DN_IDLE, S.MAN_SYNC, S.UP_IDLE].includes(this.state))
          return { ...(await this.stall()), bytesWritten: 0 }
        this.state = S.dfuIDLE
        return { bytesWritten: 0, status: 'ok' }
    }
    return { ...(await this.stall()), bytesWritten: 0 }
  }

  private dnload(block: number, data: Uint8Array) {
    if (this.state !== S.dfuIDLE && this.state !== S.DN_IDLE) return this.stallOut()
    this.log.push(
      data.length === 0
        ? `DNLOAD ${block} (empty)`
        : block === 0 && this.o.dfuse
          ? `CMD ${hex(data)}`
          : `DNLOAD ${block} ${data.length}`,
    )
    if (data.length === 0) {
      if (this.state === S.dfuIDLE) return this.stallOut()
      this.state = S.MAN_SYNC
    } else {
      this.pending = { block, data, done: false }
      this.state = S.SYNC
    }
    return { bytesWritten: data.length, status: 'ok' }
  }

  private getStatus(): Uint8Array {
    if (this.state === S.SYNC && this.pending && !this.pending.done) {
      this.pending.done = true
      this.status = this.execute(this.pending.block, this.pending.data)
      this.state = S.BUSY
    } else if (this.state === S.BUSY || this.state === S.SYNC) {
      this.state = this.status === ST.OK ? S.DN_IDLE : S.ERROR
      this.pending = undefined
    } else if (this.state === S.MAN_SYNC) {
      this.state = S.MAN
    } else if (this.state === S.MAN) {
      this.state = this.o.manifestationTolerant ? S.dfuIDLE : S.MAN_WAIT_RESET
    }
    const poll = this.state === S.BUSY || this.state === S.MAN ? 5 : 0
    const reply = Uint8Array.of(this.status, poll, 0, 0, this.state, 0)
    if (this.o.dfuse && this.state === S.MAN) {
      // The STM32 bootloader answers this GETSTATUS, then jumps to the application and leaves the bus.
      this.started = true
      this.gone = true
    }
    return reply
  }

  private execute(block: number, data: Uint8Array): number {
    if (!this.o.dfuse) {
      if (block === 0) this.flash.fill(0xff)
      return this.program(this.o.flashBase + block * this.o.transferSize, data)
    }
    if (block === 0) {
      const address =
        data.length >= 5 ? (data[1]! | (data[2]! << 8) | (data[3]! << 16) | (data[4]! << 24)) >>> 0 : 0
      if (data[0] === 0x21 && data.length === 5) {
        this.pointer = address
        return ST.OK
      }
      if (data[0] === 0x41 && data.length === 5) return this.erase(address)
      return ST.errSTALLEDPKT
    }
    if (block === 1) return ST.errSTALLEDPKT
    return this.program(this.pointer + (block - 2) * this.o.transferSize, data)
  }

  private erase(address: number): number {
    const at = address - this.o.flashBase
    if (at < 0 || at >= this.flash.length || at % this.o.sectorBytes !== 0) return ST.errADDRESS
    this.flash.fill(0xff, at, at + this.o.sectorBytes)
    return ST.OK
  }

  private program(address: number, data: Uint8Array): number {
    const at = address - this.o.flashBase
    if (at < 0 || at + data.length > this.flash.length) return ST.errADDRESS
    if (
      this.o.failWriteAt !== undefined &&
      address <= this.o.failWriteAt &&
      this.o.failWriteAt < address + data.length
    )
      return ST.errWRITE
    for (let i = 0; i < data.length; i++) if (this.flash[at + i] !== 0xff) return ST.errPROG
    this.flash.set(data, at)
    return ST.OK
  }

  private upload(
    block: number,
    length: number,
  ): Promise<{ data?: DataView; status: string }> | { data?: DataView; status: string } {
    if (this.state !== S.dfuIDLE && this.state !== S.UP_IDLE) return this.stall()
    const address = this.o.dfuse
      ? this.pointer + (block - 2) * this.o.transferSize
      : this.o.flashBase + block * this.o.transferSize
    if (this.o.dfuse && block < 2) return this.stall()
    const at = address - this.o.flashBase
    const out = this.flash.slice(Math.max(at, 0), Math.max(at, 0) + Math.min(length, this.o.transferSize))
    this.state = out.length < length ? S.dfuIDLE : S.UP_IDLE
    return ok(out)
  }

  private descriptor(value: number): Uint8Array {
    if (value >> 8 === 3) {
      const text = (value & 0xff) === 4 ? this.o.layout : 'STM32 BOOTLOADER'
      const out = new Uint8Array(2 + text.length * 2)
      out[0] = out.length
      out[1] = 3
      for (let i = 0; i < text.length; i++) out[2 + 2 * i] = text.charCodeAt(i)
      return out
    }
    const attributes = 0x01 | 0x02 | (this.o.manifestationTolerant ? 0x04 : 0) | (this.o.dfuse ? 0x08 : 0)
    const version = this.o.dfuse ? 0x011a : 0x0110
    const iface = [9, 4, 0, 0, 0, 0xfe, 0x01, 0x02, 4]
    const functional = [
      9,
      0x21,
      attributes,
      0xff,
      0x00,
      this.o.transferSize & 0xff,
      this.o.transferSize >> 8,
      version & 0xff,
      version >> 8,
    ]
    const total = 9 + iface.length + functional.length
    return Uint8Array.from([9, 2, total & 0xff, total >> 8, 1, 1, 0, 0xc0, 50, ...iface, ...functional])
  }

  private checkClass(setup: ControlSetup) {
    if (
      setup.requestType !== 'class' ||
      setup.recipient !== 'interface' ||
      setup.index !== 0 ||
      !this.claimed
    ) {
      throw new Error(`unexpected request ${JSON.stringify(setup)}`)
    }
  }

  private stall() {
    this.state = S.ERROR
    this.status = ST.errSTALLEDPKT
    return { status: 'stall' }
  }

  private stallOut() {
    this.stall()
    return { bytesWritten: 0, status: 'stall' }
  }

  private alive() {
    if (this.gone) throw new Error('LIBUSB_ERROR_NO_DEVICE: the device was disconnected')
  }
}

function ok(bytes: Uint8Array) {
  return { data: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), status: 'ok' }
}

function hex(data: Uint8Array): string {
  return [...data].map((b) => b.toString(16).padStart(2, '0')).join('')
}
