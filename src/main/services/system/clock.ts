/** A timer started through a `Clock`; pass it back to `clear`. */
export type TimerHandle = ReturnType<typeof setTimeout>

/**
 * Time as a service sees it (DESIGN.md §7.4: the clock comes in through the constructor like the file
 * system and the process runner). `systemClock` looks the platform's timers up at each call, so a test can
 * drive it with fake timers (vitest's `vi.useFakeTimers`, `performance` included) instead of sleeping.
 */
export interface Clock {
  /** Monotonic milliseconds, for durations and rates. */
  now(): number
  /** Wall-clock epoch milliseconds, for what the user reads (a start time, a countdown's end). */
  wallNow(): number
  setTimeout(callback: () => void, ms: number): TimerHandle
  setInterval(callback: () => void, ms: number): TimerHandle
  /** Stops a timeout or an interval. */
  clear(handle: TimerHandle): void
}

export const systemClock: Clock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clear: (handle) => clearTimeout(handle),
}
