/**
 * Time as a service or a store sees it (DESIGN.md §7.4: the clock comes in like the file system and the
 * process runner), so a test drives it with fake timers instead of sleeping. Shared code compiles without
 * either platform's types, so each side names its timer handle and keeps its system clock:
 * main/services/system/clock.ts (Node) and renderer/clock.ts (the page).
 */
export interface Clock<TimerHandle> {
  /** Monotonic milliseconds, for durations and rates. */
  now(): number
  /** Wall-clock epoch milliseconds, for what the user reads (a start time, a countdown's end). */
  wallNow(): number
  setTimeout(callback: () => void, ms: number): TimerHandle
  setInterval(callback: () => void, ms: number): TimerHandle
  /** Stops a timeout or an interval. */
  clear(handle: TimerHandle): void
}
