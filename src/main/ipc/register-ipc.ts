import { RpcErrorCode } from '../../shared/errors'
import { ipcMain, webContents, type IpcMainInvokeEvent } from 'electron'
import type { Disposable } from '../../shared/events'
import type { RpcResult } from '../../shared/rpc/contract'
import type { ServiceRouter } from '../rpc/service-router'

/**
 * Wires the router to Electron IPC: one `ipcMain.handle` per method channel, events sent to every window.
 * The router validates every argument; here we additionally refuse calls from frames that are not our own
 * page (Electron security checklist, "validate the sender of all IPC messages").
 */
export function registerIpc(router: ServiceRouter, isTrustedUrl: (url: string) => boolean): Disposable {
  for (const channel of router.methodChannels) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<RpcResult> => {
      const frameUrl = event.senderFrame?.url ?? ''
      if (!isTrustedUrl(frameUrl)) {
        return {
          ok: false,
          error: { code: RpcErrorCode.Unauthorized, message: 'Calls are accepted only from Mote Studio.' },
        }
      }
      return router.dispatch(channel, args)
    })
  }
  const events = router.onEvent((channel, payload) => {
    for (const contents of webContents.getAllWebContents()) {
      if (!contents.isDestroyed() && isTrustedUrl(contents.getURL())) contents.send(channel, payload)
    }
  })
  return {
    dispose: () => {
      events.dispose()
      for (const channel of router.methodChannels) ipcMain.removeHandler(channel)
    },
  }
}
