import { MoteFailure } from '../../shared/errors'
import type { Disposable, Listener } from '../../shared/events'
import type { MoteBridge } from '../../shared/rpc/bridge'
import { channelOf, type RpcResult, type ServiceContract } from '../../shared/rpc/contract'

/**
 * A typed client for one service, over any `MoteBridge` (IPC or WebSocket): methods become `invoke` calls on
 * `mote:<service>:<method>`, `onDid<Thing>` become subscriptions. A failed call throws `MoteFailure` with the
 * service's own message, so views show exactly what the service said.
 */
export function createServiceClient<T extends object>(bridge: MoteBridge, contract: ServiceContract<T>): T {
  const client: Record<string, unknown> = {}
  for (const method of Object.keys(contract.methods)) {
    const channel = channelOf(contract.name, method)
    client[method] = async (...args: unknown[]) => unwrap(await bridge.invoke(channel, args))
  }
  for (const event of contract.events) {
    const channel = channelOf(contract.name, event)
    const member = `on${event[0]!.toUpperCase()}${event.slice(1)}`
    client[member] = (listener: Listener<unknown>): Disposable => {
      const unsubscribe = bridge.subscribe(channel, listener)
      return { dispose: unsubscribe }
    }
  }
  return client as T
}

function unwrap(result: RpcResult): unknown {
  if (result.ok) return result.value
  throw MoteFailure.fromError(result.error)
}
