import WebSocket from 'ws'
import {
  createWebSocketBridge,
  type BridgeSocket,
  type WebSocketBridge,
} from '../../../src/renderer/api/websocket-bridge'

/**
 * The renderer's own WebSocket client (src/renderer/api/websocket-bridge.ts) run in Node on ws, with the
 * cookie and Origin a browser would send after the first visit: tests and bench/serve.ts talk to `mote serve`
 * exactly as the page does.
 */
export async function openServeBridge(port: number, token: string): Promise<WebSocketBridge> {
  const headers = { Origin: `http://127.0.0.1:${port}`, Cookie: `mote_token=${token}` }
  class AuthenticatedWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { headers })
    }
  }
  let connected: (() => void) | undefined
  const opened = new Promise<void>((resolve) => (connected = resolve))
  const bridge = createWebSocketBridge({
    url: `ws://127.0.0.1:${port}/api`,
    webSocket: AuthenticatedWebSocket as unknown as new (url: string) => BridgeSocket,
    onConnectionChange: (up) => up && connected?.(),
    reconnectDelayMs: 60_000,
  })
  await opened
  return bridge
}
