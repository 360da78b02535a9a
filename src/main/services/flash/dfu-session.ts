import {
  DfuRequest,
  DfuseCommand,
  DfuState,
  DFU_STATUS_NAMES,
  parseStatus,
  type DfuStatus,
} from './dfu-protocol'

/** The part of a WebUSB `USBDevice` (as the `usb` package v3 gives it) that DFU needs. */
export interface DfuUsbDevice {
  readonly vendorId: number
  readonly productId: number
  readonly serialNumber?: string | null
  readonly configuration?: { readonly configurationValue: number } | null
  open(): Promise<void>
  close(): Promise<void>
  selectConfiguration(value: number): Promise<void>
  claimInterface(interfaceNumber: number): Promise<void>
  releaseInterface(interfaceNumber: number): Promise<void>
  selectAlternateInterface(interfaceNumber: number, alternateSetting: number): Promise<void>
  controlTransferIn(setup: ControlSetup, length: number): Promise<{ data?: DataView; status: string }>
  controlTransferOut(
    setup: ControlSetup,
    data?: ArrayBuffer | ArrayBufferView,
  ): Promise<{ bytesWritten: number; status: string }>
}

export interface ControlSetup {
  readonly requestType: 'standard' | 'class' | 'vendor'
  readonly recipient: 'device' | 'interface' | 'endpoint' | 'other'
  readonly request: number
  readonly value: number
  readonly index: number
}

/** A DFU request stalled, returned bad data, or left the device in dfuERROR. */
export class DfuError extends Error {
  constructor(
    message: string,
    readonly dfuStatus?: number,
  ) {
    super(message)
    this.name = 'DfuError'
  }
}

/** Longest wait for one DFU operation (a sector erase on a slow part takes ~1 s; mass erase far less than this). */
const OPERATION_DEADLINE_MS = 20_000

/**
 * Requests on one claimed DFU interface. Every poll loop is bounded by `OPERATION_DEADLINE_MS` and by
 * the device's own `bwPollTimeout`, so a device that stops answering ends in an error, never a hang.
 */
export class DfuSession {
  constructor(
    readonly device: DfuUsbDevice,
    readonly interfaceNumber: number,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  async getStatus(): Promise<DfuStatus> {
    const result = await this.device.controlTransferIn(this.setup(DfuRequest.GETSTATUS, 0), 6)
    if (result.status !== 'ok' || result.data === undefined)
      throw new DfuError(`DFU_GETSTATUS ${result.status}`)
    return parseStatus(result.data)
  }

  async clearStatus(): Promise<void> {
    await this.out(DfuRequest.CLRSTATUS, 0)
  }

  async abort(): Promise<void> {
    await this.out(DfuRequest.ABORT, 0)
  }

  /** Brings the interface to dfuIDLE from any state (after an interrupted run, or an error). */
  async toIdle(): Promise<void> {
    let status = await this.getStatus()
    if (status.state === DfuState.dfuERROR) {
      await this.clearStatus()
      status = await this.getStatus()
    }
    if (status.state !== DfuState.dfuIDLE) {
      await this.abort()
      status = await this.getStatus()
    }
    if (status.state !== DfuState.dfuIDLE)
      throw new DfuError(`device stays in DFU state ${status.state}, not dfuIDLE`)
  }

  /** DNLOAD one block and poll until the device has taken it (dfuDNLOAD-IDLE), or `until` says so. */
  async download(
    blockNumber: number,
    data: Uint8Array,
    until: readonly number[] = [DfuState.dfuDNLOAD_IDLE],
  ): Promise<DfuStatus> {
    await this.out(DfuRequest.DNLOAD, blockNumber, data)
    return this.pollUntil(until)
  }

  async upload(blockNumber: number, length: number): Promise<Uint8Array> {
    const result = await this.device.controlTransferIn(this.setup(DfuRequest.UPLOAD, blockNumber), length)
    if (result.status !== 'ok' || result.data === undefined) throw new DfuError(`DFU_UPLOAD ${result.status}`)
    return new Uint8Array(result.data.buffer, result.data.byteOffset, result.data.byteLength).slice()
  }

  /** A DfuSe command (SET_ADDRESS, ERASE): DNLOAD block 0, then poll past dfuDNBUSY. */
  async dfuseCommand(command: number, address?: number): Promise<void> {
    const data = address === undefined ? Uint8Array.of(command) : Uint8Array.of(command, ...le32(address))
    const status = await this.download(0, data)
    if (status.state !== DfuState.dfuDNLOAD_IDLE)
      throw new DfuError(`DfuSe command 0x${command.toString(16)} ended in state ${status.state}`)
  }

  setAddress(address: number): Promise<void> {
    return this.dfuseCommand(DfuseCommand.SET_ADDRESS, address)
  }

  /** Polls GETSTATUS, sleeping `bwPollTimeout` each time, until the state is one of `states`. */
  async pollUntil(states: readonly number[]): Promise<DfuStatus> {
    const deadline = this.now() + OPERATION_DEADLINE_MS
    for (;;) {
      const status = await this.getStatus()
      if (status.status !== 0 || status.state === DfuState.dfuERROR) {
        throw new DfuError(
          `device reported ${DFU_STATUS_NAMES[status.status] ?? status.status}`,
          status.status,
        )
      }
      if (states.includes(status.state)) return status
      if (this.now() > deadline)
        throw new DfuError(`device stayed in state ${status.state} for ${OPERATION_DEADLINE_MS} ms`)
      await this.sleep(Math.min(Math.max(status.pollTimeoutMs, 1), 1000))
    }
  }

  private async out(request: number, value: number, data?: Uint8Array): Promise<void> {
    const result = await this.device.controlTransferOut(this.setup(request, value), data ?? new Uint8Array(0))
    if (result.status !== 'ok') throw new DfuError(`DFU request ${request} ${result.status}`)
  }

  private setup(request: number, value: number): ControlSetup {
    return { requestType: 'class', recipient: 'interface', request, value, index: this.interfaceNumber }
  }
}

/** Reads a standard descriptor (USB 2.0 §9.4.3): configuration (type 2) in full, or a string (type 3). */
export async function readConfigurationDescriptor(device: DfuUsbDevice): Promise<Uint8Array> {
  const setup: ControlSetup = {
    requestType: 'standard',
    recipient: 'device',
    request: 6,
    value: 0x0200,
    index: 0,
  }
  const head = await device.controlTransferIn(setup, 9)
  if (head.data === undefined || head.data.byteLength < 4) throw new DfuError('no configuration descriptor')
  const total = head.data.getUint16(2, true)
  const full = await device.controlTransferIn(setup, total)
  if (full.data === undefined) throw new DfuError('configuration descriptor unreadable')
  return new Uint8Array(full.data.buffer, full.data.byteOffset, full.data.byteLength).slice()
}

export async function readStringDescriptor(device: DfuUsbDevice, index: number): Promise<string> {
  const setup: ControlSetup = {
    requestType: 'standard',
    recipient: 'device',
    request: 6,
    value: 0x0300 | index,
    index: 0x0409,
  }
  const result = await device.controlTransferIn(setup, 255)
  const data = result.data
  if (data === undefined || data.byteLength < 2) throw new DfuError(`string descriptor ${index} unreadable`)
  const length = Math.min(data.getUint8(0), data.byteLength)
  let text = ''
  for (let at = 2; at + 1 < length; at += 2) text += String.fromCharCode(data.getUint16(at, true))
  return text
}

function le32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]
}
