import { RpcErrorCode, type MoteError } from '../../shared/errors'
import type { MoteBridge } from '../../shared/rpc/bridge'
import type { RpcResult } from '../../shared/rpc/contract'
import { PartSender } from '../../shared/rpc/part-sender'
import { decodeWire, encodeWire, joinPieces } from '../../shared/rpc/wire'
import { MAX_MESSAGE_BYTES, PartAssembler, messageTooLarge } from '../../shared/rpc/wire-parts'

type ServerMessage =
  { t: 'result'; id: number; result: RpcResult } | { t: 'event'; channel: string; payload: unknown }

export interface WebSocketBridgeOptions {
  readonly url: string
  /** Called when the connection drops and when it comes back, for the status bar. */
  readonly onConnectionChange?: (connected: boolean) => void
  readonly reconnectDelayMs?: number
  /** The browser's WebSocket by default; Node tests and benchmarks pass ws's, which has the same interface. */
  readonly webSocket?: new (url: string) => BridgeSocket
}

/** What the bridge uses of a WebSocket, so that it also type-checks (and runs) under Node. */
export interface BridgeSocket {
  binaryType: string
  readonly readyState: number
  readonly bufferedAmount: number
  send(data: Uint8Array): void
  close(code?: number, reason?: string): void
  onopen: (() => void) | null
  onmessage: ((event: { readonly data: unknown }) => void) | null
  onclose: (() => void) | null
}

export interface WebSocketBridge extends MoteBridge {
  /** Closes the connection for good (no reconnect); pending calls fail with `Disconnected`. */
  close(): void
}

/** `WebSocket.OPEN`, the same in every implementation (and there is no global WebSocket in Node 20). */
const OPEN = 1
/** Bytes the browser may hold unsent before the next part waits: uploads stream instead of piling up. */
const BUFFERED_HIGH_WATER_BYTES = 4 * 1024 * 1024

/**
 * The `MoteBridge` of serve mode: calls and subscriptions over one WebSocket to `mote serve`, which
 * authenticates it with the cookie set on the first visit. Messages are binary (shared/rpc/wire.ts) and go
 * in parts (wire-parts.ts), so typed arrays arrive as they left and a large upload does not hold up small
 * calls. Calls made while disconnected fail with a `Disconnected` error rather than hang; a call too large to
 * send fails with `MessageTooLarge` before anything is sent; subscriptions are renewed after a reconnect.
 */
export function createWebSocketBridge(options: WebSocketBridgeOptions): WebSocketBridge {
  let socket: BridgeSocket | undefined
  let sender: PartSender | undefined
  let nextId = 1
  let closedForGood = false
  const pending = new Map<number, (result: RpcResult) => void>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let opened: Promise<void> = connect()

  function connect(): Promise<void> {
    return new Promise((resolve) => {
      const ws = new (options.webSocket ?? browserWebSocket())(options.url)
      ws.binaryType = 'arraybuffer'
      const assembler = new PartAssembler(Number.MAX_SAFE_INTEGER)
      socket = ws
      sender = new PartSender((pieces) => sendPart(ws, pieces))
      ws.onopen = () => {
        for (const channel of listeners.keys()) send({ t: 'sub', channel })
        options.onConnectionChange?.(true)
        resolve()
      }
      ws.onmessage = (event) => {
        let message: ServerMessage | undefined
        try {
          const assembled = assembler.push(new Uint8Array(event.data as ArrayBuffer))
          if (assembled?.kind === 'message') message = decodeWire(assembled.source) as ServerMessage
        } catch {
          return ws.close(1002, 'Malformed message from the server')
        }
        // Outside the try: a listener's own failure is not the server's, and must not drop the connection.
        if (message !== undefined) receive(message)
      }
      ws.onclose = () => {
        sender?.close()
        for (const [id, settle] of pending) {
          settle(failure({ code: RpcErrorCode.Disconnected, message: 'Lost the connection to Mote Studio.' }))
          pending.delete(id)
        }
        options.onConnectionChange?.(false)
        resolve()
        if (!closedForGood) setTimeout(() => (opened = connect()), options.reconnectDelayMs ?? 1000)
      }
    })
  }

  function receive(message: ServerMessage): void {
    if (message.t === 'result') {
      pending.get(message.id)?.(message.result)
      pending.delete(message.id)
    } else if (message.t === 'event') {
      for (const listener of listeners.get(message.channel) ?? []) listener(message.payload)
    }
  }

  /** Sends one message on a stream of its own (a call's stream is its id); says why when it cannot. */
  function send(message: { t: string } & Record<string, unknown>, id = takeId()): MoteError | undefined {
    if (socket?.readyState !== OPEN || sender === undefined)
      return { code: RpcErrorCode.Disconnected, message: 'Not connected to Mote Studio.' }
    let encoded
    try {
      encoded = encodeWire(message)
    } catch (error) {
      return { code: RpcErrorCode.InvalidArguments, message: `The call cannot be sent: ${String(error)}` }
    }
    if (encoded.bytes > MAX_MESSAGE_BYTES) return messageTooLarge(encoded.bytes)
    sender.send(id, encoded)
    return undefined
  }

  function takeId(): number {
    const id = nextId
    nextId = (nextId + 1) >>> 0 || 1
    return id
  }

  return {
    close() {
      closedForGood = true
      socket?.close(1000)
    },
    async invoke(channel, args) {
      await opened
      const id = takeId()
      const result = new Promise<RpcResult>((resolve) => pending.set(id, resolve))
      const refused = send({ t: 'call', id, channel, args }, id)
      if (refused === undefined) return result
      pending.delete(id)
      return failure(refused)
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel)
      if (set === undefined) {
        set = new Set()
        listeners.set(channel, set)
        send({ t: 'sub', channel })
      }
      set.add(listener)
      return () => {
        set.delete(listener)
        if (set.size === 0) {
          listeners.delete(channel)
          send({ t: 'unsub', channel })
        }
      }
    },
  }
}

function browserWebSocket(): new (url: string) => BridgeSocket {
  const found = (globalThis as { WebSocket?: new (url: string) => BridgeSocket }).WebSocket
  if (found === undefined) throw new Error('This runtime has no WebSocket; pass one in the options.')
  return found
}

function failure(error: MoteError): RpcResult {
  return { ok: false, error }
}

/**
 * Hands one part to the browser (its pieces joined: a browser cannot send fragments; the bridge's parts are
 * copied and of one piece); when much is still unsent, waits until the browser has caught up.
 */
function sendPart(ws: BridgeSocket, pieces: readonly Uint8Array[]): Promise<void> | void {
  if (ws.readyState !== OPEN) return
  ws.send(pieces.length === 1 ? pieces[0]! : joinPieces({ pieces, bytes: byteLengthOf(pieces) }))
  if (ws.bufferedAmount < BUFFERED_HIGH_WATER_BYTES) return
  return new Promise((resolve) => {
    const check = () =>
      ws.readyState !== OPEN || ws.bufferedAmount < BUFFERED_HIGH_WATER_BYTES
        ? resolve()
        : setTimeout(check, 2)
    setTimeout(check, 2)
  })
}

function byteLengthOf(pieces: readonly Uint8Array[]): number {
  return pieces.reduce((sum, piece) => sum + piece.byteLength, 0)
}
