import type { RpcResult } from './contract'

/**
 * What the preload exposes as `window.mote`, and what the WebSocket client implements in serve mode: one
 * generic pair of functions over `mote:` channels, nothing else (VS Code's `validateIPC` bridge).
 */
export interface MoteBridge {
  invoke(channel: string, args: readonly unknown[]): Promise<RpcResult>
  /** Returns the function that ends the subscription. The listener never sees an Electron event object. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void
}
