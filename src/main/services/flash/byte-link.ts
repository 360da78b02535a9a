import type { Disposable } from '../../../shared/events'
import type { RawSerialPort } from '../serial/serial-port'

/** No byte (or not enough) arrived in time. */
export class LinkTimeoutError extends Error {
  constructor(readonly received: Uint8Array) {
    super(`timed out with ${received.length} bytes received`)
    this.name = 'LinkTimeoutError'
  }
}

/** The port closed under us: the board was unplugged or re-enumerated. */
export class LinkClosedError extends Error {
  constructor(cause?: Error) {
    super(cause?.message ?? 'the port closed')
    this.name = 'LinkClosedError'
  }
}

interface Waiter {
  readonly done: (buffer: Uint8Array) => number | undefined
  readonly resolve: (bytes: Uint8Array) => void
  readonly reject: (error: Error) => void
  readonly timer: ReturnType<typeof setTimeout>
}

/**
 * Timed reads over a serial port: bytes are queued as they arrive, however the OS splits them, and each
 * read waits for a condition on the queue with a deadline. A close rejects every pending and later read
 * with `LinkClosedError`, so a flasher never waits on a board that is gone. One reader at a time.
 */
export class ByteLink {
  private buffer = new Uint8Array(0)
  private waiter: Waiter | undefined
  private closedBy: LinkClosedError | undefined
  private readonly subscriptions: Disposable[]

  constructor(readonly port: RawSerialPort) {
    this.subscriptions = [
      port.onData((chunk) => this.push(chunk)),
      port.onClose((error) => this.fail(new LinkClosedError(error))),
    ]
  }

  write(data: Uint8Array | string): Promise<void> {
    if (this.closedBy) return Promise.reject(this.closedBy)
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
    return this.port.write(bytes).catch((error: unknown) => {
      throw new LinkClosedError(error instanceof Error ? error : undefined)
    })
  }

  /** Exactly `length` bytes. */
  read(length: number, timeoutMs: number): Promise<Uint8Array> {
    return this.waitFor((buffer) => (buffer.length >= length ? length : undefined), timeoutMs)
  }

  /** Bytes up to and including the first occurrence of `terminator`. */
  readUntil(terminator: string, timeoutMs: number): Promise<Uint8Array> {
    const end = new TextEncoder().encode(terminator)
    return this.waitFor((buffer) => {
      const at = indexOf(buffer, end)
      return at < 0 ? undefined : at + end.length
    }, timeoutMs)
  }

  /** Drops whatever has arrived and not been read (boot banners, echoes). */
  discard(): void {
    this.buffer = new Uint8Array(0)
  }

  async close(): Promise<void> {
    for (const s of this.subscriptions) s.dispose()
    this.fail(new LinkClosedError())
    await this.port.close()
  }

  private waitFor(done: Waiter['done'], timeoutMs: number): Promise<Uint8Array> {
    if (this.closedBy) return Promise.reject(this.closedBy)
    if (this.waiter) return Promise.reject(new Error('ByteLink: a read is already pending'))
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined
        reject(new LinkTimeoutError(this.buffer.slice()))
      }, timeoutMs)
      this.waiter = { done, resolve, reject, timer }
      this.settle()
    })
  }

  private push(chunk: Uint8Array): void {
    const next = new Uint8Array(this.buffer.length + chunk.length)
    next.set(this.buffer)
    next.set(chunk, this.buffer.length)
    this.buffer = next
    this.settle()
  }

  private settle(): void {
    const waiter = this.waiter
    if (waiter === undefined) return
    const take = waiter.done(this.buffer)
    if (take === undefined) return
    this.waiter = undefined
    clearTimeout(waiter.timer)
    const bytes = this.buffer.slice(0, take)
    this.buffer = this.buffer.slice(take)
    waiter.resolve(bytes)
  }

  private fail(error: LinkClosedError): void {
    this.closedBy ??= error
    const waiter = this.waiter
    this.waiter = undefined
    if (waiter) {
      clearTimeout(waiter.timer)
      waiter.reject(this.closedBy)
    }
  }
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}
