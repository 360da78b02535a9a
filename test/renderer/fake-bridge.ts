import type { MoteBridge } from '../../src/shared/rpc/bridge'
import type { RpcResult } from '../../src/shared/rpc/contract'

/** A bridge answering from a table, and letting the test fire events as the main process would. */
export function fakeBridge(answers: Record<string, (args: readonly unknown[]) => unknown>) {
  const listeners = new Map<string, ((p: unknown) => void)[]>()
  const calls: [string, readonly unknown[]][] = []
  const bridge: MoteBridge = {
    async invoke(channel, args): Promise<RpcResult> {
      calls.push([channel, args])
      const answer = answers[channel]
      if (!answer) return { ok: false, error: { code: 1001, message: `no ${channel}` } }
      try {
        return { ok: true, value: answer(args) }
      } catch (e) {
        return { ok: false, error: { code: 2001, message: (e as Error).message } }
      }
    },
    subscribe(channel, listener) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener])
      return () => undefined
    },
  }
  const fire = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload))
  return { bridge, fire, calls }
}
