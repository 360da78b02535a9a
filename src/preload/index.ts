import { contextBridge, ipcRenderer } from 'electron'
import type { MoteBridge } from '../shared/rpc/bridge'
import { CHANNEL_PREFIX, type RpcResult } from '../shared/rpc/contract'

/**
 * The whole of what the sandboxed renderer gets (DESIGN.md §7.2): invoke and subscribe, on `mote:` channels
 * only. The renderer never sees `ipcRenderer` nor an `IpcRendererEvent`.
 */
function checkChannel(channel: unknown): string {
  if (typeof channel !== 'string' || !channel.startsWith(CHANNEL_PREFIX) || channel.length > 200) {
    throw new Error(`Refused channel ${String(channel)}: only ${CHANNEL_PREFIX} channels cross the bridge`)
  }
  return channel
}

const bridge: MoteBridge = {
  invoke: (channel, args) => {
    if (!Array.isArray(args)) return Promise.reject(new Error('arguments must be a list'))
    return ipcRenderer.invoke(checkChannel(channel), ...args) as Promise<RpcResult>
  },
  subscribe: (channel, listener) => {
    const checked = checkChannel(channel)
    const handler = (_event: unknown, payload: unknown) => listener(payload)
    ipcRenderer.on(checked, handler)
    return () => {
      ipcRenderer.off(checked, handler)
    }
  },
}

contextBridge.exposeInMainWorld('mote', bridge)
