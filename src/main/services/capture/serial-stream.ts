import { SerialPortStream } from '@serialport/stream'
import { SerialPort } from 'serialport'
import type { Disposable } from '../../../shared/events'

/** An open byte stream to a board: a serial port, a pseudo-terminal, or a test's fake. */
export interface ByteStream {
  write(bytes: Uint8Array): Promise<void>
  close(): Promise<void>
  onData(listener: (chunk: Uint8Array) => void): Disposable
  /** Fires once when the stream closes; with an error when the other side went away (a board unplugged). */
  onClose(listener: (error?: Error) => void): Disposable
}

export type StreamOpener = (path: string, baudRate: number) => Promise<ByteStream>

/**
 * Opens ports with `serialport` over the given binding (DESIGN.md §7.4): the platform binding in the app,
 * `@serialport/binding-mock` in unit tests. Opening does not toggle DTR away from serialport's default
 * (asserted), so an Arduino Uno resets on open exactly as with the Arduino IDE's serial monitor.
 */
export type SerialBinding = ConstructorParameters<typeof SerialPortStream>[0]['binding']

export function serialStreamOpener(binding?: SerialBinding): StreamOpener {
  return (path, baudRate) =>
    new Promise<ByteStream>((resolve, reject) => {
      const port = binding
        ? new SerialPortStream({ binding, path, baudRate, autoOpen: false })
        : new SerialPort({ path, baudRate, autoOpen: false })
      port.open((error) => (error ? reject(error) : resolve(wrap(port))))
    })
}

function wrap(port: SerialPortStream): ByteStream {
  return {
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (!port.isOpen) return reject(new Error('the port is closed'))
        port.write(Buffer.from(bytes), (error) => (error ? reject(error) : resolve()))
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) return resolve()
        port.close(() => resolve())
      }),
    onData: (listener) => {
      const handler = (chunk: Buffer) =>
        listener(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
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
