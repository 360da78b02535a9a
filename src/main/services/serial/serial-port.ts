import { SerialPortStream } from '@serialport/stream'
import type { Disposable } from '../../../shared/events'

/** Modem-control lines. Unset fields keep their current state (Web Serial's `setSignals` semantics). */
export interface SerialSignals {
  readonly dtr?: boolean
  readonly rts?: boolean
  readonly brk?: boolean
}

/**
 * An open serial port, as the SAM-BA and ESP32 flashers use it: bytes in and out, modem lines, baud rate,
 * and a close that can come from either side (the board unplugged, or re-enumerating after a reset).
 */
export interface RawSerialPort {
  readonly path: string
  readonly isOpen: boolean
  write(data: Uint8Array): Promise<void>
  set(signals: SerialSignals): Promise<void>
  setBaudRate(baudRate: number): Promise<void>
  close(): Promise<void>
  onData(listener: (chunk: Uint8Array) => void): Disposable
  /** Fires once when the port closes, with the error when the OS closed it (a device unplugged). */
  onClose(listener: (error?: Error) => void): Disposable
}

export type SerialOpener = (path: string, options: { readonly baudRate: number }) => Promise<RawSerialPort>

/** The `serialport` binding to open ports through: the platform's in the app, a mock in unit tests. */
export type SerialBinding = ConstructorParameters<typeof SerialPortStream>[0]['binding']

/**
 * Opens ports with the `serialport` package (loaded on first use), over `binding` when given
 * (DESIGN.md §7.4: hardware is passed in). Every serial user — flashers, the monitor, capture — opens
 * ports through this one wrapper. Opening leaves DTR asserted (serialport's default), so an Arduino Uno
 * resets on open exactly as with the Arduino IDE's serial monitor.
 */
export function createSerialOpener(binding?: SerialBinding): SerialOpener {
  return async (path, { baudRate }) => {
    const { SerialPort } = await import('serialport')
    const port = binding
      ? new SerialPortStream({ binding, path, baudRate, autoOpen: false })
      : new SerialPort({ path, baudRate, autoOpen: false })
    return openAndWrap(port, path)
  }
}

export const nodeSerialOpener: SerialOpener = createSerialOpener()

async function openAndWrap(port: SerialPortStream, path: string): Promise<RawSerialPort> {
  // A write to a port that went away fails in its callback and is also emitted as 'error'; without a
  // listener that second copy would be an uncaught exception.
  port.on('error', () => undefined)
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())))
  // serialport's `set` resets every line it is not given, so the full state is tracked and always sent.
  let lines = { dtr: true, rts: true, brk: false }
  return {
    path,
    get isOpen() {
      return port.isOpen
    },
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        port.write(Buffer.from(data), (error) => {
          if (error) reject(error)
          else port.drain((drainError) => (drainError ? reject(drainError) : resolve()))
        })
      }),
    set: (signals) => {
      lines = {
        dtr: signals.dtr ?? lines.dtr,
        rts: signals.rts ?? lines.rts,
        brk: signals.brk ?? lines.brk,
      }
      return new Promise<void>((resolve, reject) =>
        port.set(lines, (error) => (error ? reject(error) : resolve())),
      )
    },
    setBaudRate: (rate) =>
      new Promise<void>((resolve, reject) =>
        port.update({ baudRate: rate }, (error) => (error ? reject(error) : resolve())),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) return resolve()
        port.close(() => resolve())
      }),
    onData: (listener) => {
      const handler = (chunk: Buffer) => listener(new Uint8Array(chunk))
      port.on('data', handler)
      return { dispose: () => port.off('data', handler) }
    },
    onClose: (listener) => {
      const handler = (error?: Error | null) => listener(error ?? undefined)
      port.once('close', handler)
      return { dispose: () => port.off('close', handler) }
    },
  }
}
