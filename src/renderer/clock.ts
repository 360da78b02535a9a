import { hasInjectionContext, inject, type InjectionKey } from 'vue'
import type { Clock as ClockOf } from '../shared/clock'

/** A timer started through a `Clock`; pass it back to `clear`. */
export type TimerHandle = ReturnType<typeof globalThis.setTimeout>

/** Time as a store or composable sees it (the interface in shared/clock.ts, with the page's timer handle). */
export type Clock = ClockOf<TimerHandle>

/** The page's clock; it looks the timers up at each call, so vitest's fake timers drive it too. */
export const systemClock: Clock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  setInterval: (callback, ms) => globalThis.setInterval(callback, ms),
  clear: (handle) => globalThis.clearTimeout(handle),
}

/** Stores that keep time take the clock like the API client: provided, or set before they are made. */
export const CLOCK_KEY: InjectionKey<Clock> = Symbol('mote-clock')

let fallback: Clock = systemClock

/** Tests set a fake clock before they create a store that keeps time; the app keeps the system's. */
export function setClock(clock: Clock): void {
  fallback = clock
}

export function useClock(): Clock {
  return (hasInjectionContext() ? inject(CLOCK_KEY, undefined) : undefined) ?? fallback
}
