import type { RawData, WebSocket } from 'ws'
import { z } from 'zod'
import { RpcErrorCode, type MoteError } from '../../shared/errors'
import type { RpcResult } from '../../shared/rpc/contract'
import { PartSender } from '../../shared/rpc/part-sender'
import { decodeWire, encodeWire, type MessageSource } from '../../shared/rpc/wire'
import {
  MAX_MESSAGE_BYTES,
  PartAssembler,
  PartProtocolError,
  messageTooLarge,
} from '../../shared/rpc/wire-parts'
import type { ServiceRouter } from '../rpc/service-router'
import { bulkTurns } from '../services/system/loop-turns'

const clientMessage = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('call'),
    id: z.number().int(),
    channel: z.string().max(200),
    args: z.array(z.unknown()),
  }),
  z.object({ t: z.literal('sub'), channel: z.string().max(200) }),
  z.object({ t: z.literal('unsub'), channel: z.string().max(200) }),
])

/**
 * WebSocket close statuses (RFC 6455 §7.4.1, not error codes) that we send; ws sends 1002, 1007, 1009 itself.
 * `TooFarBehind` is ours (4000–4999 are for applications): the page stopped reading its socket.
 */
export const CloseStatus = { ProtocolError: 1002, UnsupportedData: 1003, TooFarBehind: 4001 } as const

/** Calls of one page running or waiting to be sent at once; beyond, the page's socket is paused. */
const MAX_CALLS_IN_FLIGHT = 32
/** Bytes handed to the socket and not yet written before the sender waits (backpressure). */
const SOCKET_HIGH_WATER_BYTES = 4 * 1024 * 1024
/** Replies larger than this are sent from the service's own buffers, not copied (`PartSender.sendBulk`). */
const BULK_MESSAGE_BYTES = 1024 * 1024
/** Large replies of one page taking turns on its socket at once; the others wait, in order, uncopied. */
const MAX_BULK_REPLIES = 2

/**
 * Events waiting for a page that does not read its socket, beyond what the socket itself holds: past either
 * bound the page is closed with `TooFarBehind` (docs/serve.md "A page that stops reading").
 */
export const MAX_UNSENT_EVENTS: UnsentEventLimit = { count: 10_000, bytes: 64 * 1024 * 1024 }

export interface UnsentEventLimit {
  readonly count: number
  readonly bytes: number
}

export interface BridgeOptions {
  readonly maxMessageBytes?: number
  readonly maxUnsentEvents?: UnsentEventLimit
}

/**
 * One browser connection in serve mode: the same calls as IPC, through the same router (so the same
 * validation), and the events the page subscribed to. A frame that breaks the WebSocket protocol closes the
 * connection with the code RFC 6455 gives it (ws does that; the `error` event it then emits is expected, and
 * must be listened to or it would end the process); a part that breaks our framing closes it with 1002, a
 * text message with 1003. A message that cannot be read, or is not a call, is answered with an error on its
 * stream (a call's stream is its id), and never reaches a service.
 */
export function bridgeSocket(socket: WebSocket, router: ServiceRouter, options: BridgeOptions = {}): void {
  const connection = new PageConnection(socket, router, {
    maxMessageBytes: options.maxMessageBytes ?? MAX_MESSAGE_BYTES,
    maxUnsentEvents: options.maxUnsentEvents ?? MAX_UNSENT_EVENTS,
  })
  const subscription = router.onEvent((channel, payload) => connection.event(channel, payload))
  socket.on('error', () => undefined)
  socket.on('close', () => {
    subscription.dispose()
    connection.close()
  })
  socket.on('message', (data, isBinary) => connection.receive(data, isBinary))
}

class PageConnection {
  private readonly subscribed = new Set<string>()
  private readonly assembler: PartAssembler
  private readonly sender: PartSender
  private nextStream = 1
  private inFlight = 0
  private unsentEvents = { count: 0, bytes: 0 }
  private stalled = false

  constructor(
    private readonly socket: WebSocket,
    private readonly router: ServiceRouter,
    private readonly limits: Required<BridgeOptions>,
  ) {
    this.assembler = new PartAssembler(limits.maxMessageBytes)
    this.sender = new PartSender((pieces) => sendPart(socket, pieces), {
      maxBulk: MAX_BULK_REPLIES,
      yieldTurn: () => bulkTurns.turn(),
    })
  }

  receive(data: RawData, isBinary: boolean): void {
    if (!isBinary)
      return this.socket.close(CloseStatus.UnsupportedData, 'Mote Studio speaks binary messages only')
    let assembled
    try {
      assembled = this.assembler.push(asBytes(data))
    } catch (error) {
      if (!(error instanceof PartProtocolError)) throw error
      return this.socket.close(CloseStatus.ProtocolError, 'Malformed message part')
    }
    if (assembled?.kind === 'refused') {
      this.reply(assembled.stream, failure(messageTooLarge(assembled.total, this.limits.maxMessageBytes)))
    } else if (assembled?.kind === 'message') {
      this.handle(assembled.stream, assembled.source)
    }
  }

  event(channel: string, payload: unknown): void {
    if (!this.subscribed.has(channel) || this.socket.readyState !== this.socket.OPEN || this.stalled) return
    let encoded
    try {
      encoded = encodeWire({ t: 'event', channel, payload })
    } catch {
      // A payload that cannot cross the wire (a DataView) must not break the service that fired it.
      return
    }
    const [unsent, limit] = [this.unsentEvents, this.limits.maxUnsentEvents]
    const over = unsent.count >= limit.count || unsent.bytes + encoded.bytes > limit.bytes
    // A burst to a page that reads is not a stall: the socket is full only when the page stopped reading.
    if (over && this.socket.bufferedAmount >= SOCKET_HIGH_WATER_BYTES) return this.closeStalled()
    unsent.count++
    unsent.bytes += encoded.bytes
    this.sender.send(this.takeStream(), encoded, () => {
      unsent.count--
      unsent.bytes -= encoded.bytes
    })
  }

  close(): void {
    this.sender.close()
  }

  /**
   * The page has stopped reading (its socket is full and events keep coming): everything queued for it is
   * dropped at once, so the server's memory stays bounded, and it is closed with a status saying why. A page
   * that reads again sees the close, reconnects and loads the current state afresh. ws gives the closing
   * handshake 30 s, then ends the connection.
   */
  private closeStalled(): void {
    this.stalled = true
    this.sender.close()
    this.socket.close(CloseStatus.TooFarBehind, 'The page stopped reading its messages')
  }

  private handle(stream: number, source: MessageSource): void {
    let decoded: unknown
    try {
      decoded = decodeWire(source)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return this.reply(stream, failure(invalidMessage(`The message could not be read: ${reason}.`)))
    }
    const parsed = clientMessage.safeParse(decoded)
    if (!parsed.success)
      return this.reply(idOf(decoded) ?? stream, failure(invalidMessage(envelopeIssue(parsed.error))))
    const message = parsed.data
    if (message.t === 'sub') {
      if (this.router.isEventChannel(message.channel)) this.subscribed.add(message.channel)
    } else if (message.t === 'unsub') {
      this.subscribed.delete(message.channel)
    } else {
      this.call(message.id, message.channel, message.args)
    }
  }

  /** Runs a call; while too many of this page's calls are running or unsent, its socket is paused. */
  private call(id: number, channel: string, args: unknown[]): void {
    if (++this.inFlight >= MAX_CALLS_IN_FLIGHT) this.socket.pause()
    const settled = () => {
      if (--this.inFlight < MAX_CALLS_IN_FLIGHT && this.socket.isPaused) this.socket.resume()
    }
    void this.router.dispatch(channel, args).then((result) => {
      if (this.socket.readyState !== this.socket.OPEN) return settled()
      try {
        this.reply(id, result, settled)
      } catch (error) {
        const message = `The answer to ${channel} could not be sent: ${String(error)}`
        this.reply(id, failure({ code: RpcErrorCode.Internal, message }), settled)
      }
    })
  }

  /**
   * A large reply (a sample's values) is sent from the service's own buffers, part by part as the socket
   * takes them: nothing is copied, so 50 reads of 14 MB finishing together cost no CPU of their own and no
   * second 14 MB each (the garbage collector's load). Services answer with buffers they made for the answer
   * and do not change afterwards; events, which may come from a buffer that is reused, are copied at once.
   */
  private reply(id: number, result: RpcResult, onSent?: () => void): void {
    const encoded = encodeWire({ t: 'result', id, result })
    if (encoded.bytes > BULK_MESSAGE_BYTES) this.sender.sendBulk(this.takeStream(), encoded, onSent)
    else this.sender.send(this.takeStream(), encoded, onSent)
  }

  private takeStream(): number {
    const stream = this.nextStream
    this.nextStream = (this.nextStream + 1) >>> 0 || 1
    return stream
  }
}

/**
 * Sends one part as one WebSocket message: its pieces (header, payload views) as the fragments of that
 * message, so the payload goes from its buffer to the socket uncopied. When the socket already holds
 * `SOCKET_HIGH_WATER_BYTES`, waits until this part is written (backpressure).
 */
function sendPart(socket: WebSocket, pieces: readonly Uint8Array[]): Promise<void> | void {
  if (socket.readyState !== socket.OPEN) return
  const last = pieces.length - 1
  for (let i = 0; i < last; i++) socket.send(pieces[i]!, { binary: true, fin: false })
  if (socket.bufferedAmount < SOCKET_HIGH_WATER_BYTES) return socket.send(pieces[last]!, { binary: true })
  return new Promise((resolve) => socket.send(pieces[last]!, { binary: true }, () => resolve()))
}

function asBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data
}

function idOf(value: unknown): number | undefined {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined
  return Number.isSafeInteger(id) ? (id as number) : undefined
}

function failure(error: MoteError): RpcResult {
  return { ok: false, error }
}

function invalidMessage(message: string): MoteError {
  return { code: RpcErrorCode.InvalidMessage, message }
}

function envelopeIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')}: ${issue.message})` : ''
  return `The message is not a call, a subscription or an unsubscription${where}.`
}
