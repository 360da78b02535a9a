import { z } from 'zod'
import { dspFailure } from './errors'

/**
 * Splitting a time-series sample into windows. Samples are interleaved row-major `[frames, axes]`, and so is
 * every window this module returns. Lengths in milliseconds become whole frames by rounding to the nearest
 * frame (`round(ms · rateHz / 1000)`, half up); the integers are computed once on the host, and code
 * generation emits them as constants, so the board never repeats this rounding.
 *
 * Window starts are `k · strideFrames`, k = 0, 1, …
 * - without zero-padding, only windows that lie entirely inside the sample: `floor((n − W) / S) + 1` of
 *   them, none when the sample is shorter than a window (the tail after the last full window is dropped);
 * - with zero-padding, windows continue until one reaches the end of the sample, and frames past the end
 *   read as 0: one window when `n ≤ W`, otherwise `min(ceil((n − W) / S) + 1, ceil(n / S))` (the second
 *   term only binds when the stride is longer than the window: no window starts past the end).
 */

export const windowSpecSchema = z.object({
  lengthMs: z.number().positive().max(3_600_000).default(2000),
  strideMs: z.number().positive().max(3_600_000).default(500),
  zeroPad: z.boolean().default(false),
})
export type WindowSpec = z.output<typeof windowSpecSchema>

export interface WindowLayout {
  readonly windowFrames: number
  readonly strideFrames: number
}

export function msToFrames(ms: number, rateHz: number): number {
  return Math.round((ms * rateHz) / 1000)
}

/** Whole-frame window and stride lengths; fails when either rounds to zero frames. */
export function windowLayout(spec: WindowSpec, rateHz: number): WindowLayout {
  const windowFrames = msToFrames(spec.lengthMs, rateHz)
  const strideFrames = msToFrames(spec.strideMs, rateHz)
  if (windowFrames < 1 || strideFrames < 1) {
    throw dspFailure(
      'IncompatibleParams',
      `A ${spec.lengthMs} ms window with a ${spec.strideMs} ms stride is shorter than one sample period at ${rateHz} Hz. Make the window and stride longer.`,
    )
  }
  return { windowFrames, strideFrames }
}

/** How many windows a sample of `totalFrames` frames gives (see the module comment for the rule). */
export function windowCount(totalFrames: number, layout: WindowLayout, zeroPad: boolean): number {
  const { windowFrames: w, strideFrames: s } = layout
  if (totalFrames <= 0) return 0
  // Starts stay inside the sample (k·S < n): with a stride longer than the window, no window is all padding.
  if (zeroPad)
    return totalFrames <= w ? 1 : Math.min(Math.ceil((totalFrames - w) / s) + 1, Math.ceil(totalFrames / s))
  return totalFrames < w ? 0 : Math.floor((totalFrames - w) / s) + 1
}

/** First frame of every window, in order. */
export function windowStarts(totalFrames: number, layout: WindowLayout, zeroPad: boolean): number[] {
  const count = windowCount(totalFrames, layout, zeroPad)
  return Array.from({ length: count }, (_, k) => k * layout.strideFrames)
}

/**
 * Copies frames `[startFrame, startFrame + windowFrames)` of an interleaved sample into a new array,
 * zero where the range passes the end of the sample. The caller owns the result.
 */
export function extractWindow(
  values: ArrayLike<number>,
  axes: number,
  startFrame: number,
  windowFrames: number,
): Float32Array {
  const out = new Float32Array(windowFrames * axes)
  const available = Math.max(0, Math.min(windowFrames, Math.floor(values.length / axes) - startFrame))
  const base = startFrame * axes
  for (let i = 0; i < available * axes; i++) out[i] = values[base + i] ?? 0
  return out
}

/** Every window of a sample, in order; fails with a clear message when there are none. */
export function splitIntoWindows(
  values: ArrayLike<number>,
  meta: { readonly axes: number; readonly rateHz: number },
  spec: WindowSpec,
): Float32Array[] {
  const layout = windowLayout(spec, meta.rateHz)
  const totalFrames = Math.floor(values.length / meta.axes)
  const starts = windowStarts(totalFrames, layout, spec.zeroPad)
  if (starts.length === 0) {
    const sampleMs = Math.round((totalFrames * 1000) / meta.rateHz)
    throw dspFailure(
      'WindowOutOfRange',
      `The ${spec.lengthMs} ms window is longer than this ${sampleMs} ms sample. Shorten the window or turn on zero-padding.`,
    )
  }
  return starts.map((start) => extractWindow(values, meta.axes, start, layout.windowFrames))
}
