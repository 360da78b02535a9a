import type { SerialPortInfo } from '../../../../../src/main/services/devices/device-sources'
import type {
  RawSerialPort,
  SerialOpener,
  SerialSignals,
} from '../../../../../src/main/services/serial/serial-port'

/** What sits at the far end of a fake serial port: a scripted bootloader or ROM loader. */
export interface FakeDevice {
  /** Bytes the host wrote, possibly split at any byte, and the baud rate the host's port is set to. */
  receive(bytes: Uint8Array, reply: (bytes: Uint8Array) => void, baudRate: number): void
  /** Modem lines changed (DTR/RTS auto-reset circuits watch these). */
  signals?(lines: Required<SerialSignals>, reply: (bytes: Uint8Array) => void): void
  opened?(baudRate: number): void
  closed?(baudRate: number, lines: Required<SerialSignals>): void
}

/** A deterministic splitter: cuts byte streams at awkward places (1, 2, 3, 5, 7, … bytes) in turn. */
function* awkwardSizes(): Generator<number> {
  const sizes = [1, 2, 3, 5, 7, 64, 13, 4096]
  for (let i = 0; ; i++) yield sizes[i % sizes.length]!
}

/**
 * A table of serial ports (for `SerialPort.list`) and the devices behind them. Bytes in both directions are
 * delivered asynchronously in awkward chunk sizes, as USB CDC and the OS may split them.
 */
export class FakeSerialBus {
  private readonly ports = new Map<string, { info: SerialPortInfo; device: FakeDevice }>()
  private readonly open = new Map<string, FakeSerialPort>()
  readonly openLog: Array<{ path: string; baudRate: number }> = []

  plug(info: SerialPortInfo, device: FakeDevice): void {
    this.ports.set(info.path, { info, device })
  }

  /** Removes a port; an open handle to it closes with an error, as when a board is unplugged. */
  unplug(path: string): void {
    this.ports.delete(path)
    this.open.get(path)?.lose(new Error(`${path}: device disconnected`))
  }

  list = async (): Promise<SerialPortInfo[]> => [...this.ports.values()].map((p) => p.info)

  opener: SerialOpener = async (path, { baudRate }) => {
    const entry = this.ports.get(path)
    if (entry === undefined) throw new Error(`Error: No such file or directory, cannot open ${path}`)
    this.openLog.push({ path, baudRate })
    const port = new FakeSerialPort(path, baudRate, entry.device, () => this.open.delete(path))
    this.open.set(path, port)
    entry.device.opened?.(baudRate)
    return port
  }
}

export class FakeSerialPort implements RawSerialPort {
  isOpen = true
  private lines: Required<SerialSignals> = { dtr: true, rts: true, brk: false }
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>()
  private readonly closeListeners = new Set<(error?: Error) => void>()
  private readonly sizes = awkwardSizes()

  constructor(
    readonly path: string,
    public baudRate: number,
    private readonly device: FakeDevice,
    private readonly forget: () => void,
  ) {}

  async write(data: Uint8Array): Promise<void> {
    if (!this.isOpen) throw new Error('Port is not open')
    const copy = data.slice()
    for (let at = 0; at < copy.length;) {
      const size = this.sizes.next().value as number
      this.device.receive(copy.subarray(at, at + size), (reply) => this.deliver(reply), this.baudRate)
      at += size
    }
  }

  async set(signals: SerialSignals): Promise<void> {
    this.lines = {
      dtr: signals.dtr ?? this.lines.dtr,
      rts: signals.rts ?? this.lines.rts,
      brk: signals.brk ?? this.lines.brk,
    }
    this.device.signals?.(this.lines, (reply) => this.deliver(reply))
  }

  async setBaudRate(baudRate: number): Promise<void> {
    this.baudRate = baudRate
  }

  async close(): Promise<void> {
    if (!this.isOpen) return
    this.isOpen = false
    this.forget()
    this.device.closed?.(this.baudRate, this.lines)
    for (const l of this.closeListeners) l()
  }

  lose(error: Error): void {
    if (!this.isOpen) return
    this.isOpen = false
    this.forget()
    for (const l of this.closeListeners) l(error)
  }

  onData(listener: (chunk: Uint8Array) => void) {
    this.dataListeners.add(listener)
    return { dispose: () => this.dataListeners.delete(listener) }
  }

  onClose(listener: (error?: Error) => void) {
    this.closeListeners.add(listener)
    return { dispose: () => this.closeListeners.delete(listener) }
  }

  private deliver(bytes: Uint8Array): void {
    const copy = bytes.slice()
    setImmediate(() => {
      for (let at = 0; at < copy.length && this.isOpen;) {
        const size = this.sizes.next().value as number
        const chunk = copy.slice(at, at + size)
        for (const l of this.dataListeners) l(chunk)
        at += size
      }
    })
  }
}
