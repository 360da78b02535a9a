import type { Disposable } from '../../../shared/events'
import type { RawSerialPort, SerialOpener } from '../serial/serial-port'

/** What esptool-js reads from `SerialPort.getInfo()`. */
export interface SerialPortUsbInfo {
  readonly usbVendorId?: number
  readonly usbProductId?: number
}

/**
 * The Web Serial `SerialPort` surface that esptool-js's `Transport` uses (open, close, readable, writable,
 * setSignals, getInfo, and the optional in-place `setBaudRate`), backed by a `RawSerialPort` from
 * `serialport`. This is the "serialport transport" for esptool-js: it keeps Espressif's own reset, SLIP and
 * flashing code, and only swaps the browser API for Node's.
 */
export class WebSerialAdapter {
  readable: ReadableStream<Uint8Array> | null = null
  /** Set when the OS closed the port under us (the board was unplugged). */
  lostError: Error | undefined
  private writer: WritableStream<Uint8Array> | null = null
  private port: RawSerialPort | undefined
  private subscriptions: Disposable[] = []

  constructor(
    private readonly opener: SerialOpener,
    readonly path: string,
    private readonly info: SerialPortUsbInfo = {},
  ) {}

  async open(options: { readonly baudRate: number }): Promise<void> {
    if (this.port?.isOpen) throw new Error(`${this.path} is already open`)
    const port = await this.opener(this.path, { baudRate: options.baudRate })
    this.port = port
    this.readable = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.subscriptions = [
          port.onData((chunk) => controller.enqueue(chunk)),
          port.onClose((error) => {
            if (error) this.lostError = error
            try {
              if (error) controller.error(error)
              else controller.close()
            } catch {
              // Already closed or cancelled by the reader.
            }
          }),
        ]
      },
      cancel: () => this.unsubscribe(),
    })
    this.writer = new WritableStream<Uint8Array>({ write: (chunk) => port.write(chunk) })
    this.lostError = undefined
  }

  /**
   * After the port is lost, every access gets a fresh stream whose writes fail: esptool-js does not
   * release a writer whose write threw, and its `disconnect` waits for the stream to unlock, so handing
   * it the same errored stream again would hang it forever.
   */
  get writable(): WritableStream<Uint8Array> | null {
    const lost = this.lostError
    if (lost !== undefined) return new WritableStream<Uint8Array>({ write: () => Promise.reject(lost) })
    return this.writer
  }

  async close(): Promise<void> {
    const port = this.port
    this.port = undefined
    this.readable = null
    this.writer = null
    if (port?.isOpen) await port.close()
    this.unsubscribe()
  }

  /** Web Serial semantics: only the given lines change (DTR drives IO0, RTS drives EN on ESP32 boards). */
  async setSignals(signals: {
    dataTerminalReady?: boolean
    requestToSend?: boolean
    break?: boolean
  }): Promise<void> {
    await this.requirePort().set({
      ...(signals.dataTerminalReady === undefined ? {} : { dtr: signals.dataTerminalReady }),
      ...(signals.requestToSend === undefined ? {} : { rts: signals.requestToSend }),
      ...(signals.break === undefined ? {} : { brk: signals.break }),
    })
  }

  /** Lets esptool-js change speed without reopening the port (a reopen can reset some boards). */
  async setBaudRate(baudRate: number): Promise<void> {
    await this.requirePort().setBaudRate(baudRate)
  }

  getInfo(): SerialPortUsbInfo {
    return this.info
  }

  private requirePort(): RawSerialPort {
    if (this.port === undefined || !this.port.isOpen)
      throw this.lostError ?? new Error(`${this.path} is not open`)
    return this.port
  }

  private unsubscribe(): void {
    for (const s of this.subscriptions) s.dispose()
    this.subscriptions = []
  }
}
