import { DeviceTestErrorCode } from '../../../shared/api/device-test'
import type { CancellationToken } from '../../../shared/api/jobs'
import { MoteFailure, cancelledFailure } from '../../../shared/errors'
import type { Disposable } from '../../../shared/events'
import { FrameDecoder, encodeFrame, type FrameFault } from '../capture/mote-protocol/frames'

/** The part of an open serial port (serial/serial-port.ts' RawSerialPort) the inference client uses. */
export interface ByteLink {
  write(data: Uint8Array): Promise<void>
  onData(listener: (chunk: Uint8Array) => void): Disposable
  onClose(listener: (error?: Error) => void): Disposable
}

/** Looks at one received frame: a value ends the wait, undefined lets it go by. */
export type FrameMatcher<T> = (type: number, payload: Uint8Array) => T | undefined

interface Waiter {
  readonly match: FrameMatcher<unknown>
  readonly resolve: (value: unknown) => void
  readonly reject: (error: MoteFailure) => void
}

const CANCEL_POLL_MS = 50

/**
 * Frames in and out of a board: decodes what arrives (any chunking, any garbage: corrupt frames are counted
 * and dropped, never misread) and hands each frame to the waits in progress and to the listeners. A wait
 * ends with its matcher's value, a timeout, the cancellation token, or the port closing.
 */
export class FrameChannel {
  private readonly decoder: FrameDecoder
  private readonly waiters = new Set<Waiter>()
  private readonly listeners = new Set<(type: number, payload: Uint8Array) => void>()
  private readonly subscriptions: Disposable[]
  private closed: MoteFailure | undefined
  corruptFrames = 0
  readonly faults: Record<FrameFault, number> = { crc: 0, cobs: 0, 'too-long': 0, 'too-short': 0 }

  constructor(private readonly link: ByteLink) {
    this.decoder = new FrameDecoder({
      onFrame: (type, payload) => this.deliver(type, payload),
      onFault: (fault) => {
        this.corruptFrames++
        this.faults[fault]++
      },
    })
    this.subscriptions = [
      link.onData((chunk) => this.decoder.push(chunk)),
      link.onClose((error) => this.close(error)),
    ]
  }

  /** Sends frames in one write; a lone 0x00 first when `resync` (the board drops a partial frame). */
  async send(frames: readonly (readonly [number, Uint8Array?])[], resync = false): Promise<void> {
    if (this.closed) throw this.closed
    const parts = frames.map(([type, payload]) => encodeFrame(type, payload))
    const total = parts.reduce((n, p) => n + p.length, resync ? 1 : 0)
    const bytes = new Uint8Array(total)
    let at = resync ? 1 : 0
    for (const p of parts) {
      bytes.set(p, at)
      at += p.length
    }
    await this.link.write(bytes).catch((error: unknown) => {
      throw this.closed ?? portClosed(error)
    })
  }

  /** Calls `listener` with every frame until disposed. */
  listen(listener: (type: number, payload: Uint8Array) => void): Disposable {
    this.listeners.add(listener)
    return { dispose: () => this.listeners.delete(listener) }
  }

  /** Waits for the first frame `match` accepts; `onTimeout` makes the failure when `timeoutMs` passes. */
  wait<T>(
    match: FrameMatcher<T>,
    timeoutMs: number,
    onTimeout: () => MoteFailure,
    cancellation?: CancellationToken,
  ): Promise<T> {
    if (this.closed) return Promise.reject(this.closed)
    return new Promise<T>((resolve, reject) => {
      const timers: ReturnType<typeof setTimeout>[] = []
      const finish = () => {
        this.waiters.delete(waiter)
        timers.forEach((t) => clearTimeout(t))
        clearInterval(poll)
      }
      const waiter: Waiter = {
        match,
        resolve: (value) => {
          finish()
          resolve(value as T)
        },
        reject: (error) => {
          finish()
          reject(error)
        },
      }
      const poll = setInterval(() => {
        if (cancellation?.aborted) waiter.reject(cancelledFailure())
      }, CANCEL_POLL_MS)
      timers.push(setTimeout(() => waiter.reject(onTimeout()), timeoutMs))
      this.waiters.add(waiter)
    })
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose())
    this.close()
  }

  private deliver(type: number, payload: Uint8Array): void {
    for (const listener of [...this.listeners]) listener(type, payload)
    for (const waiter of [...this.waiters]) {
      let value: unknown
      try {
        value = waiter.match(type, payload)
      } catch (error) {
        waiter.reject(
          error instanceof MoteFailure ? error : new MoteFailure(DeviceTestErrorCode.BadReply, String(error)),
        )
        continue
      }
      if (value !== undefined) waiter.resolve(value)
    }
  }

  private close(error?: Error): void {
    this.closed ??= portClosed(error)
    for (const waiter of [...this.waiters]) waiter.reject(this.closed)
  }
}

function portClosed(error?: unknown): MoteFailure {
  return new MoteFailure(
    DeviceTestErrorCode.PortClosed,
    'The board went away (the port closed). Check the cable or restart the virtual board, then try again.',
    error === undefined ? undefined : String(error),
  )
}
