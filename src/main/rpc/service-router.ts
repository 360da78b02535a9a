import type { z } from 'zod'
import { MoteFailure, toMoteError, RpcErrorCode } from '../../shared/errors'
import type { Disposable } from '../../shared/events'
import { channelOf, type RpcResult, type ServiceContract } from '../../shared/rpc/contract'

type Handler = (args: readonly unknown[]) => Promise<unknown>
export type EventSink = (channel: string, payload: unknown) => void

/**
 * Maps service contracts to `mote:<service>:<member>` channels, validates every call against the
 * contract's schema and turns every failure into a `MoteError` result. It knows nothing of Electron or
 * WebSockets: `main/ipc` and serve mode are two thin transports over the same router, so both validate
 * exactly the same way.
 */
export class ServiceRouter {
  private readonly handlers = new Map<string, Handler>()
  private readonly eventChannels = new Set<string>()
  private readonly sinks = new Set<EventSink>()
  private readonly subscriptions: Disposable[] = []

  register<T extends object>(contract: ServiceContract<T>, impl: T): void {
    const methods = contract.methods as Record<string, z.ZodType>
    for (const [method, schema] of Object.entries(methods)) {
      const channel = channelOf(contract.name, method)
      if (this.handlers.has(channel)) throw new Error(`channel ${channel} is registered twice`)
      const fn = (impl as Record<string, unknown>)[method]
      if (typeof fn !== 'function') throw new Error(`${contract.name} has no method ${method}`)
      this.handlers.set(channel, async (args) => {
        const parsed = schema.safeParse(args)
        if (!parsed.success) throw invalidArguments(channel, parsed.error)
        return await (fn as (...a: unknown[]) => Promise<unknown>).apply(impl, parsed.data as unknown[])
      })
    }
    for (const event of contract.events) {
      const channel = channelOf(contract.name, event)
      const subscribe = (impl as Record<string, unknown>)[`on${event[0]!.toUpperCase()}${event.slice(1)}`]
      if (typeof subscribe !== 'function') throw new Error(`${contract.name} has no event ${event}`)
      this.eventChannels.add(channel)
      const disposable = (subscribe as (l: (p: unknown) => void) => Disposable).call(impl, (payload) =>
        this.emit(channel, payload),
      )
      this.subscriptions.push(disposable)
    }
  }

  /** Runs one call from an untrusted caller. Never throws: every outcome is an `RpcResult`. */
  async dispatch(channel: unknown, args: unknown): Promise<RpcResult> {
    const handler = typeof channel === 'string' ? this.handlers.get(channel) : undefined
    if (handler === undefined) {
      return {
        ok: false,
        error: {
          code: RpcErrorCode.UnknownChannel,
          message: `There is no API call named ${String(channel)}.`,
        },
      }
    }
    if (!Array.isArray(args)) {
      return {
        ok: false,
        error: { code: RpcErrorCode.InvalidArguments, message: `Arguments to ${channel} must be a list.` },
      }
    }
    try {
      return { ok: true, value: await handler(args) }
    } catch (thrown) {
      return { ok: false, error: toMoteError(thrown) }
    }
  }

  isEventChannel(channel: string): boolean {
    return this.eventChannels.has(channel)
  }

  get methodChannels(): readonly string[] {
    return [...this.handlers.keys()]
  }

  onEvent(sink: EventSink): Disposable {
    this.sinks.add(sink)
    return { dispose: () => this.sinks.delete(sink) }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose()
    this.sinks.clear()
  }

  private emit(channel: string, payload: unknown): void {
    for (const sink of [...this.sinks]) sink(channel, payload)
  }
}

function invalidArguments(channel: string, error: z.ZodError): MoteFailure {
  const issues = error.issues.map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`)
  return new MoteFailure(
    RpcErrorCode.InvalidArguments,
    `Invalid arguments for ${channel}: ${issues[0] ?? 'not accepted'}.`,
    issues.join('\n'),
  )
}
