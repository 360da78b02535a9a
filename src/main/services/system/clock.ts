import type { Clock as ClockOf } from '../../../shared/clock'

/** A timer started through a `Clock`; pass it back to `clear`. */
export type TimerHandle = ReturnType<typeof setTimeout>

/** Time as a service sees it (the interface in shared/clock.ts, with Node's timer handle). */
export type Clock = ClockOf<TimerHandle>

/**
 * `systemClock` looks the platform's timers up at each call, so a test can drive it with fake timers
 * (vitest's `vi.useFakeTimers`, `performance` included) instead of sleeping.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clear: (handle) => clearTimeout(handle),
}
