import type { EncodedMessage } from './wire'
import { copiedParts, viewedParts, type PartSource } from './wire-parts'

/**
 * Sends one part, given as its pieces (header first); the promise (if any) resolves when the transport can
 * take the next one without piling up memory (the server: the socket took it; the browser: `bufferedAmount`
 * is low again).
 */
export type SendPart = (pieces: readonly Uint8Array[]) => Promise<void> | void

/** Bytes handed over in one turn of the event loop, when the sender can yield (`yieldTurn`). */
const BYTES_PER_TURN = 1024 * 1024

interface Queued {
  readonly source: PartSource
  readonly bulk: boolean
  readonly onSent?: () => void
}

/**
 * The sending half of one connection: messages are cut into parts (wire-parts.ts) and the parts of all
 * queued messages go out in turn, one part each, so that a small reply is never stuck behind a 50 MB one.
 * A message sent with `send` is copied at once; one sent with `sendBulk` is sent from its own buffers, part
 * by part as the transport takes them, and at most `maxBulk` such messages take turns at a time (the others
 * wait in order), so the first of 50 large replies is delivered, and its buffers freed, long before the last.
 */
export class PartSender {
  private readonly turns: Queued[] = []
  private readonly waitingBulk: Queued[] = []
  private bulkTakingTurns = 0
  /** The message whose part is being handed over, out of line meanwhile. */
  private current: Queued | undefined
  private pumping = false
  private closed = false

  private readonly maxBulk: number

  /**
   * `maxBulk`: large messages taking turns at once. `yieldTurn`: awaited after every `BYTES_PER_TURN` the
   * transport took without waiting, so that handing over megabytes (each part a socket write) never
   * holds the event loop for long (the server passes its `LoopTurns`, in line with other bulk work).
   */
  constructor(
    private readonly sendPart: SendPart,
    options: { readonly maxBulk?: number; readonly yieldTurn?: () => Promise<void> } = {},
  ) {
    this.maxBulk = options.maxBulk ?? Number.POSITIVE_INFINITY
    this.yieldTurn = options.yieldTurn
  }

  private readonly yieldTurn: (() => Promise<void>) | undefined

  /** Payload bytes of queued messages not yet handed to the transport. */
  get queuedBytes(): number {
    const queued = [...this.turns, ...this.waitingBulk, ...(this.current ? [this.current] : [])]
    return queued.reduce((sum, entry) => sum + entry.source.remaining, 0)
  }

  /** Queues a message, copied now; `onSent` runs once its last part is handed to the transport. */
  send(stream: number, message: EncodedMessage, onSent?: () => void): void {
    this.queue({ source: copiedParts(stream, message), bulk: false, ...(onSent ? { onSent } : {}) })
  }

  /** Queues a large message without copying it: its buffers must not change until `onSent`. */
  sendBulk(stream: number, message: EncodedMessage, onSent?: () => void): void {
    this.queue({ source: viewedParts(stream, message), bulk: true, ...(onSent ? { onSent } : {}) })
  }

  /** Drops everything queued (the connection closed). */
  close(): void {
    this.closed = true
    this.current = undefined
    this.turns.length = 0
    this.waitingBulk.length = 0
  }

  private queue(entry: Queued): void {
    if (this.closed) return
    if (!entry.bulk || this.bulkTakingTurns < this.maxBulk) this.takeTurns(entry)
    else this.waitingBulk.push(entry)
    if (!this.pumping) void this.pump()
  }

  private takeTurns(entry: Queued): void {
    if (entry.bulk) this.bulkTakingTurns++
    this.turns.push(entry)
  }

  private async pump(): Promise<void> {
    this.pumping = true
    let handedAtOnce = 0
    try {
      while (!this.closed && this.turns.length > 0) {
        const entry = (this.current = this.turns.shift()!)
        const pieces = entry.source.next()
        const waiting = this.sendPart(pieces)
        handedAtOnce += pieces.reduce((sum, piece) => sum + piece.byteLength, 0)
        if (waiting !== undefined || (handedAtOnce >= BYTES_PER_TURN && this.yieldTurn)) {
          await (waiting ?? this.yieldTurn?.())
          handedAtOnce = 0
        } else {
          // A microtask, so that messages queued by the code that queued this one take their turns too.
          await Promise.resolve()
        }
        this.current = undefined
        // Back in line only now, behind any message that arrived while this part was being sent.
        if (entry.source.remaining > 0) this.turns.push(entry)
        else this.finish(entry)
      }
    } catch {
      // The transport failed (the socket is gone): nothing queued can be delivered any more.
      this.close()
    } finally {
      this.pumping = false
    }
  }

  private finish(entry: Queued): void {
    if (entry.bulk) {
      this.bulkTakingTurns--
      const waiting = this.waitingBulk.shift()
      if (waiting !== undefined) this.takeTurns(waiting)
    }
    entry.onSent?.()
  }
}
