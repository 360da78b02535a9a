import type { MoteBridge } from '../../src/shared/rpc/bridge'
import type { ServiceRouter } from '../../src/main/rpc/service-router'

/**
 * A `MoteBridge` straight onto a service router in this process: the stores under test talk to the real
 * services through the same validation as IPC and serve mode, and every argument and result is
 * structured-cloned, as it would be crossing the process boundary.
 */
export function routerBridge(router: ServiceRouter): MoteBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  router.onEvent((channel, payload) => {
    for (const listener of listeners.get(channel) ?? []) listener(structuredClone(payload))
  })
  return {
    async invoke(channel, args) {
      return structuredClone(await router.dispatch(channel, structuredClone(args)))
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set()
      listeners.set(channel, set.add(listener))
      return () => set.delete(listener)
    },
  }
}

/** Resolves once `check` holds, polling every few milliseconds (stores update from events). */
export async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for the store')
    await new Promise((r) => setTimeout(r, 5))
  }
}
