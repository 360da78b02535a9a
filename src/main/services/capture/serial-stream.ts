import type { Disposable } from '../../../shared/events'
import { createSerialOpener, type SerialBinding } from '../serial/serial-port'

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
 * Capture's view of a serial port: only bytes in and out. Ports are opened by the one serial wrapper
 * (serial/serial-port.ts) over the given binding: the platform's in the app, `@serialport/binding-mock` in
 * unit tests.
 */
export function serialStreamOpener(binding?: SerialBinding): StreamOpener {
  const open = createSerialOpener(binding)
  return (path, baudRate) => open(path, { baudRate })
}
