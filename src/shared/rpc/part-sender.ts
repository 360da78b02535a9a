import type { EncodedMessage } from './wire'
import { PART_HEADER_BYTES, partsOf } from './wire-parts'

/** What a sent part's slot holds, so the queue does not keep sent bytes alive. */
const EMPTY = new Uint8Array(0)

/**
 * Sends one part; the promise (if any) resolves when the transport can take the next one without piling
 * up memory (the server: the socket took it; the browser: `bufferedAmount` is low again).
 */
export type SendPart = (part: Uint8Array) => Promise<void> | void

/**
 * The sending half of one connection: messages are cut into parts (wire-parts.ts) and the parts of all
 * queued messages go out in turn, one part each, so that a small reply is never stuck behind a 50 MB one.
 * A queued message holds its parts (one copy of its bytes) until the last is handed over.
 */
export class PartSender {
  private readonly queue: { parts: Uint8Array[]; next: number; onSent?: () => void }[] = []
  private pumping = false
  private closed = false
  private queued = 0

  constructor(private readonly sendPart: SendPart) {}

  /** Bytes of queued messages not yet handed to the transport. */
  get queuedBytes(): number {
    return this.queued
  }

  /** Queues a message; `onSent` runs once its last part is handed to the transport. */
  send(stream: number, message: EncodedMessage, onSent?: () => void): void {
    this.sendParts(partsOf(stream, message), onSent)
  }

  /** Queues the parts of a message already cut (wire-parts.ts `cutParts`, every payload copied). */
  sendParts(parts: readonly Uint8Array[], onSent?: () => void): void {
    if (this.closed) return
    this.queue.push({ parts: [...parts], next: 0, ...(onSent ? { onSent } : {}) })
    this.queued += parts.reduce((sum, part) => sum + part.byteLength - PART_HEADER_BYTES, 0)
    if (!this.pumping) void this.pump()
  }

  /** Drops everything queued (the connection closed). */
  close(): void {
    this.closed = true
    this.queue.length = 0
    this.queued = 0
  }

  private async pump(): Promise<void> {
    this.pumping = true
    try {
      while (!this.closed && this.queue.length > 0) {
        const entry = this.queue.shift()!
        const part = entry.parts[entry.next]!
        entry.parts[entry.next++] = EMPTY
        this.queued -= part.byteLength - PART_HEADER_BYTES
        await this.sendPart(part)
        // Back in line only now, behind any message that arrived while this part was being sent.
        if (entry.next < entry.parts.length) this.queue.push(entry)
        else entry.onSent?.()
      }
    } catch {
      // The transport failed (the socket is gone): nothing queued can be delivered any more.
      this.close()
    } finally {
      this.pumping = false
    }
  }
}
