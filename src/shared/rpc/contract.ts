import type { z } from 'zod'
import type { Disposable, Listener } from '../events'
import type { MoteError } from '../errors'

/**
 * The shape every service contract follows (DESIGN.md §7.1): Promise-returning methods and `onDid<Thing>`
 * events. A contract pairs the TypeScript interface with one argument schema per method, so that the main
 * side validates every call from the (untrusted) renderer, and the client is typed from the same interface.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a constraint, not a value: any function
type AnyFunction = (...args: any[]) => unknown

export type EventKey<K> = K extends `onDid${string}` ? K : never

export type MethodNames<T> = {
  [K in keyof T]: K extends `onDid${string}` ? never : T[K] extends AnyFunction ? K : never
}[keyof T] &
  string

export type EventNames<T> = {
  [K in keyof T]: K extends `onDid${infer E}` ? `did${E}` : never
}[keyof T] &
  string

export type EventPayload<T, E extends string> = E extends `did${infer Name}`
  ? `onDid${Name}` extends keyof T
    ? T[`onDid${Name}`] extends (listener: Listener<infer P>) => Disposable
      ? P
      : never
    : never
  : never

export interface ServiceContract<T> {
  /** Channel prefix: `mote:<name>:<member>`. */
  readonly name: string
  /** One tuple schema per method, validating the whole argument list. */
  readonly methods: { readonly [K in MethodNames<T>]: z.ZodType<Parameters<Extract<T[K], AnyFunction>>> }
  /** Event names without the `on` prefix, e.g. `didChange` for `onDidChange`. */
  readonly events: readonly EventNames<T>[]
}

/** The result envelope of every call: errors are data (DESIGN.md §7.3), never a rejected IPC promise. */
export type RpcResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: MoteError }

export const CHANNEL_PREFIX = 'mote:'

export function channelOf(service: string, member: string): string {
  return `${CHANNEL_PREFIX}${service}:${member}`
}
