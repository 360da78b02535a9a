import { RpcErrorCode } from '../../shared/errors'
import type { MoteBridge } from '../../shared/rpc/bridge'
import type { RpcResult } from '../../shared/rpc/contract'
import { decodeWire, encodeWire } from '../../shared/rpc/wire'

type ServerMessage =
  { t: 'result'; id: number; result: RpcResult } | { t: 'event'; channel: string; payload: unknown }

export interface WebSocketBridgeOptions {
  readonly url: string
  /** Called when the connection drops and when it comes back, for the status bar. */
  readonly onConnectionChange?: (connected: boolean) => void
  readonly reconnectDelayMs?: number
}

/**
 * The `MoteBridge` of serve mode: calls and subscriptions over one WebSocket to `mote serve`, which
 * authenticates it with the cookie set on the first visit. Calls made while disconnected fail with a
 * `Disconnected` error rather than hang; subscriptions are renewed after a reconnect.
 */
export function createWebSocketBridge(options: WebSocketBridgeOptions): MoteBridge {
  let socket: WebSocket | undefined
  let nextId = 1
  const pending = new Map<number, (result: RpcResult) => void>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let opened: Promise<void> = connect()

  function connect(): Promise<void> {
    return new Promise((resolve) => {
      const ws = new WebSocket(options.url)
      socket = ws
      ws.onopen = () => {
        for (const channel of listeners.keys()) ws.send(encodeWire({ t: 'sub', channel }))
        options.onConnectionChange?.(true)
        resolve()
      }
      ws.onmessage = (event) => receive(decodeWire(String(event.data)) as ServerMessage)
      ws.onclose = () => {
        for (const [id, settle] of pending) {
          settle({
            ok: false,
            error: { code: RpcErrorCode.Disconnected, message: 'Lost the connection to Mote Studio.' },
          })
          pending.delete(id)
        }
        options.onConnectionChange?.(false)
        resolve()
        setTimeout(() => (opened = connect()), options.reconnectDelayMs ?? 1000)
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

  function send(message: unknown): boolean {
    if (socket?.readyState !== WebSocket.OPEN) return false
    socket.send(encodeWire(message))
    return true
  }

  return {
    async invoke(channel, args) {
      await opened
      const id = nextId++
      const result = new Promise<RpcResult>((resolve) => pending.set(id, resolve))
      if (!send({ t: 'call', id, channel, args })) {
        pending.delete(id)
        return {
          ok: false,
          error: { code: RpcErrorCode.Disconnected, message: 'Not connected to Mote Studio.' },
        }
      }
      return result
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
